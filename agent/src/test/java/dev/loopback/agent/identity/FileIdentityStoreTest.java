package dev.loopback.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.agent.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIdentityStoreTest {
  private static final List<String> FILES = List.of("key.pem", "cert.pem", "ca.pem", "host-id");
  private final TestCertificates pki = new TestCertificates();
  private final Instant now = Instant.now();
  @TempDir
  Path tmp;

  @Test
  void isEmptyBeforeTheFirstEnrollment() {
    assertThat(new FileIdentityStore(tmp.resolve("state")).load()).isEmpty();
  }

  @Test
  void loadsWhatItSaved() {
    FileIdentityStore store = new FileIdentityStore(tmp.resolve("state"));
    Identity identity = identity("host-1");

    store.save(identity);
    Identity loaded = new FileIdentityStore(tmp.resolve("state")).load().orElseThrow();

    assertThat(loaded.hostId()).isEqualTo("host-1");
    assertThat(loaded.certificate()).isEqualTo(identity.certificate());
    assertThat(loaded.ca()).isEqualTo(identity.ca());
    assertThat(loaded.privateKey().getEncoded()).isEqualTo(identity.privateKey().getEncoded());
  }

  @Test
  void keepsTheIdentityInTheDocumentedFiles() {
    FileIdentityStore store = new FileIdentityStore(tmp.resolve("state"));
    store.save(identity("host-1"));

    Path dir = tmp.resolve("state/identity");
    assertThat(FILES).allSatisfy(name -> assertThat(dir.resolve(name)).isRegularFile());
    assertThat(dir.resolve("host-id")).hasContent("host-1");
  }

  @Test
  void createsDirectoriesOwnerOnlyAndFilesOwnerReadWriteOnly() throws IOException {
    Path state = tmp.resolve("state");
    new FileIdentityStore(state).save(identity("host-1"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("identity")))).isEqualTo("rwx------");
    for (String name : FILES) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("identity").resolve(name))))
          .as(name).isEqualTo("rw-------");
    }
  }

  @Test
  void replacesTheWholeIdentityAndLeavesNoOldGenerationBehind() throws IOException {
    Path state = tmp.resolve("state");
    FileIdentityStore store = new FileIdentityStore(state);
    store.save(identity("host-1"));
    Identity renewed = identity("host-1");

    store.save(renewed);

    assertThat(store.load().orElseThrow().certificate()).isEqualTo(renewed.certificate());
    try (Stream<Path> entries = Files.list(state)) {
      assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("identity-"))).hasSize(1);
    }
  }

  @Test
  void ignoresTheHalfWrittenLeftoversOfASaveThatCrashed() throws IOException {
    Path state = tmp.resolve("state");
    FileIdentityStore store = new FileIdentityStore(state);
    Identity saved = identity("host-1");
    store.save(saved);
    // A crash while writing the next generation: a staging directory with a key and nothing else.
    Path staging = Files.createDirectory(state.resolve("identity-crashed.tmp"));
    Files.writeString(staging.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\ntrunc");

    assertThat(store.load().orElseThrow().certificate()).isEqualTo(saved.certificate());
    store.save(identity("host-1"));
    assertThat(staging).doesNotExist();
  }

  @Test
  void ignoresAStagingDirectoryLeftBeforeTheFirstIdentityWasComplete() throws IOException {
    Path state = Files.createDirectory(tmp.resolve("state"));
    Files.createDirectory(state.resolve("identity-crashed.tmp"));

    assertThat(new FileIdentityStore(state).load()).isEmpty();
  }

  @Test
  void refusesAnIdentityWithAMissingFileNamingIt() throws IOException {
    Path state = tmp.resolve("state");
    new FileIdentityStore(state).save(identity("host-1"));
    Files.delete(state.resolve("identity/cert.pem"));

    assertThatThrownBy(() -> new FileIdentityStore(state).load())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cert.pem");
  }

  @Test
  void refusesAKeyThatDoesNotBelongToTheCertificate() throws IOException {
    Path state = tmp.resolve("state");
    new FileIdentityStore(state).save(identity("host-1"));
    Path other = tmp.resolve("other");
    new FileIdentityStore(other).save(identity("host-2"));
    Files.copy(other.resolve("identity/key.pem"), state.resolve("identity/key.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> new FileIdentityStore(state).load())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("is not the key of");
  }

  @Test
  void replacesAPlainIdentityDirectoryRestoredFromABackup() throws IOException {
    Path state = tmp.resolve("state");
    FileIdentityStore store = new FileIdentityStore(state);
    store.save(identity("host-1"));
    Path restored = tmp.resolve("restored");
    Files.createDirectory(restored);
    for (String name : FILES) {
      Files.copy(state.resolve("identity").resolve(name), restored.resolve(name));
    }
    Files.delete(state.resolve("identity"));
    Files.move(restored, state.resolve("identity"));
    assertThat(store.load()).isPresent();

    Identity renewed = identity("host-1");
    store.save(renewed);

    assertThat(store.load().orElseThrow().certificate()).isEqualTo(renewed.certificate());
  }

  private Identity identity(String hostId) {
    return pki.identity(hostId, now.minusSeconds(60), now.plus(Duration.ofDays(30)));
  }
}
