package dev.loopback.activities.downloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryPackageSourceTest {

  @TempDir Path dir;

  private DirectoryPackageSource source() {
    return new DirectoryPackageSource(new InstallSettings(dir, null, null));
  }

  private Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  @Test
  void listsOnlyFilesNamedLikePackagesWithWhatTheirNamesSay() throws Exception {
    write("loopback-agent_0.1.0~snapshot_all.deb", "deb");
    write("loopback-agent-0.1.0-SNAPSHOT-linux.tar.gz", "tarball");
    write("loopback-agent-exec.jar", "jar");
    write("loopback-agent_0.1.0~snapshot_all.deb.sha512", "sidecar");
    write("loopback-agent_../etc_all.deb", "not a version");
    Files.createDirectory(dir.resolve("loopback-agent_9.9.9_all.deb"));

    ChannelListing stable = source().channel("stable");

    assertThat(stable.packages()).extracting(AgentPackage::file, AgentPackage::version, AgentPackage::arch, AgentPackage::format,
            AgentPackage::size)
        .containsExactly(
            Tuple.tuple("loopback-agent_0.1.0~snapshot_all.deb", "0.1.0~snapshot", "all", PackageFormat.DEB, 3L),
            Tuple.tuple("loopback-agent-0.1.0-SNAPSHOT-linux.tar.gz", "0.1.0-SNAPSHOT", "all",
                PackageFormat.TARBALL, 7L));
    assertThat(stable.file("loopback-agent-exec.jar")).isEmpty();
  }

  @Test
  void theHighestVersionOfEachFormatIsTheOneToInstallWithReleasesAfterTheirSnapshots() throws Exception {
    for (String version : new String[] {"0.9.0", "0.10.0", "1.0.0~snapshot", "1.0.0", "1.0.0~rc1"}) {
      write("loopback-agent_" + version + "_all.deb", version);
    }
    write("loopback-agent_2.0.0_amd64.deb", "an architecture-specific build is listed, never chosen for every host");
    for (String version : new String[] {"1.0.0-SNAPSHOT", "0.10.0", "1.0.0", "1.0.0-rc1"}) {
      write("loopback-agent-" + version + "-linux.tar.gz", version);
    }

    ChannelListing stable = source().channel("stable");

    assertThat(stable.latest(PackageFormat.DEB)).map(AgentPackage::version).contains("1.0.0");
    assertThat(stable.latest(PackageFormat.TARBALL)).map(AgentPackage::version).contains("1.0.0");
    // Pre-releases compare as dpkg compares them: letters in order, so ~snapshot comes after ~rc1.
    assertThat(stable.packages()).extracting(AgentPackage::version).containsExactly(
        "2.0.0", "1.0.0", "1.0.0~snapshot", "1.0.0~rc1", "0.10.0", "0.9.0",
        "1.0.0", "1.0.0-SNAPSHOT", "1.0.0-rc1", "0.10.0");
  }

  @Test
  void stableIsTheDirectoryItselfAndEveryOtherChannelASubdirectory() throws Exception {
    write("loopback-agent_1.0.0_all.deb", "stable");
    write("preview/loopback-agent_1.1.0~rc1_all.deb", "preview");

    assertThat(source().channel("stable").packages()).extracting(AgentPackage::file).containsExactly("loopback-agent_1.0.0_all.deb");
    assertThat(source().channel("preview").packages()).extracting(AgentPackage::file)
        .containsExactly("loopback-agent_1.1.0~rc1_all.deb");
    assertThatThrownBy(() -> source().channel("nightly")).isInstanceOf(NotFoundException.class).hasMessageContaining("nightly");
  }

  @Test
  void stableOfAControlPlaneWithNothingBuiltIsEmptyNotMissing() {
    var source = new DirectoryPackageSource(new InstallSettings(dir.resolve("not-built"), null, null));
    assertThat(source.channel("stable").packages()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../etc", "a/b", "Preview", "", ".hidden", "-x", "a-very-long-channel-name-of-33-chars"})
  void malformedChannelNamesNeverReachTheFileSystem(String channel) {
    assertThatThrownBy(() -> source().channel(channel))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("channel"));
  }

  @Test
  void digestIsTheSha512OfTheBytes() throws Exception {
    write("loopback-agent_1.0.0_all.deb", "package bytes");
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest("package bytes".getBytes(StandardCharsets.UTF_8)));
    assertThat(source().channel("stable").packages().get(0).sha512()).isEqualTo(expected);
  }

  @Test
  void digestIsComputedOncePerPathSizeAndModificationTime() throws Exception {
    Path file = write("loopback-agent_1.0.0_all.deb", "first version");
    FileTime modified = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));
    Files.setLastModifiedTime(file, modified);
    DirectoryPackageSource source = source();
    String first = source.channel("stable").packages().get(0).sha512();

    // Same size, same time: the stamp says unchanged, so the cached digest stands (proof it was not recomputed).
    Files.writeString(file, "other version");
    Files.setLastModifiedTime(file, modified);
    assertThat(source.channel("stable").packages().get(0).sha512()).isEqualTo(first);

    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-02T00:00:00Z")));
    assertThat(source.channel("stable").packages().get(0).sha512()).isNotEqualTo(first);
  }
}
