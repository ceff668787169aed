package dev.loopback.activities.providers.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.activities.providers.ProviderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeDeleteTest {
  @TempDir
  Path dir;

  @Test
  void deletesSymlinksButNeverWhatTheyPointTo() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("host-usr"));
    Files.writeString(outside.resolve("precious"), "keep me");
    Path machine = Files.createDirectories(dir.resolve("machines/n12345678"));
    Files.createDirectories(machine.resolve("root/usr"));
    Files.createSymbolicLink(machine.resolve("root/lib"), outside);
    Files.createSymbolicLink(machine.resolve("root/usr/absolute"), outside.toAbsolutePath());
    Files.createSymbolicLink(machine.resolve("root/file-link"), outside.resolve("precious"));

    SafeDelete.tree(machine);

    assertThat(machine).doesNotExist();
    assertThat(outside.resolve("precious")).hasContent("keep me");
  }

  @Test
  void refusesADirectoryThatIsASymlink() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("host-etc"));
    Path link = Files.createSymbolicLink(dir.resolve("n12345678"), outside);

    assertThatThrownBy(() -> SafeDelete.tree(link)).isInstanceOf(ProviderException.class).hasMessageContaining("not a directory");
    assertThat(outside).exists();
  }

  @Test
  void isDoneWhenThereIsNothingToDelete() {
    SafeDelete.tree(dir.resolve("never-created"));
  }

  @Test
  void findsMountsAtOrBelowTheDirectoryIncludingEscapedNames() {
    List<String> mountinfo = List.of(
        "22 27 0:21 / /proc rw,relatime - proc proc rw",
        "301 27 0:55 / /data/netns/machines/n1/root/usr rw - overlay lb-usr rw,lowerdir=/usr",
        "302 27 0:56 / /data/netns/machines/n1/with\\040space rw - tmpfs tmpfs rw",
        "303 27 0:57 / /data/netns/machines/n10 rw - tmpfs tmpfs rw");

    assertThat(SafeDelete.mountsUnder(Path.of("/data/netns/machines/n1"), mountinfo))
        .containsExactly("/data/netns/machines/n1/root/usr", "/data/netns/machines/n1/with space");
  }
}
