package dev.loopback.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeyFileTest {
  @TempDir
  Path state;

  @Test
  void makesTheKeyOnceInAPrivateFileAndReusesIt() throws Exception {
    Path mesh = state.resolve("mesh");

    HostKey first = HostKeyFile.loadOrCreate(mesh);
    HostKey again = HostKeyFile.loadOrCreate(mesh);

    Path file = mesh.resolve("private.key");
    assertThat(again.publicKey()).isEqualTo(first.publicKey());
    assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(first.privateKey() + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mesh))).isEqualTo("rwx------");
    try (var entries = Files.list(mesh)) {
      assertThat(entries).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void refusesAFileThatHoldsNoKeyAndLeavesItAlone() throws Exception {
    Path mesh = Files.createDirectories(state.resolve("mesh"));
    Files.writeString(mesh.resolve("private.key"), "not a key\n");

    assertThatThrownBy(() -> HostKeyFile.loadOrCreate(mesh)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("does not hold a WireGuard private key");
    assertThat(Files.readString(mesh.resolve("private.key"))).isEqualTo("not a key\n");
  }
}
