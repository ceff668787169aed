package dev.loopback.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WireGuardKeysTest {
  @Test
  void computesThePublicKeyOfRfc7748sTestVector() {
    byte[] alice = HexFormat.of().parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");

    assertThat(HexFormat.of().formatHex(WireGuardKeys.publicOf(alice)))
        .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  }

  @Test
  void generatesClampedKeysLikeWgGenkey() {
    byte[] key = WireGuardKeys.generatePrivate();

    assertThat(key).hasSize(32);
    assertThat(key[0] & 7).isZero();
    assertThat(key[31] & 0xc0).isEqualTo(0x40);
  }

  @Test
  void wgPubkeyDerivesTheSamePublicKeyFromOurPrivateKey() throws Exception {
    assumeThat(onPath("wg")).as("needs wireguard-tools (wg) on PATH").isTrue();
    for (int i = 0; i < 5; i++) {
      HostKey key = HostKey.generate();
      Process wg = new ProcessBuilder("wg", "pubkey").start();
      wg.getOutputStream().write((key.privateKey() + "\n").getBytes(StandardCharsets.US_ASCII));
      wg.getOutputStream().close();
      String pub = new String(wg.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      assertThat(wg.waitFor(10, TimeUnit.SECONDS)).isTrue();

      assertThat(wg.exitValue()).isZero();
      assertThat(pub).isEqualTo(key.publicKey());
    }
  }

  @Test
  void readsAKeyMadeByWgGenkey() throws Exception {
    assumeThat(onPath("wg")).as("needs wireguard-tools (wg) on PATH").isTrue();
    Process genkey = new ProcessBuilder("wg", "genkey").start();
    String privateKey = new String(genkey.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    Process pubkey = new ProcessBuilder("wg", "pubkey").start();
    pubkey.getOutputStream().write((privateKey + "\n").getBytes(StandardCharsets.US_ASCII));
    pubkey.getOutputStream().close();
    String publicKey = new String(pubkey.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();

    assertThat(HostKey.fromPrivate(privateKey).publicKey()).isEqualTo(publicKey);
  }

  @Test
  void acceptsOnlyTheCanonicalBase64OfThirtyTwoBytes() {
    String valid = HostKey.generate().publicKey();

    assertThat(WireGuardKeys.isValid(valid)).isTrue();
    assertThat(WireGuardKeys.isValid(valid.substring(0, 43))).as("no padding").isFalse();
    assertThat(WireGuardKeys.isValid("A".repeat(42) + "==")).as("31 bytes").isFalse();
    assertThat(WireGuardKeys.isValid("!".repeat(43) + "=")).as("not base64").isFalse();
    // The last character before '=' carries two unused bits; wg prints them as zero, so only that spelling is the key.
    String sloppy = valid.substring(0, 42) + (char) (valid.charAt(42) + 1) + "=";
    assertThat(WireGuardKeys.isValid(sloppy)).as(sloppy).isFalse();
    assertThatThrownBy(() -> WireGuardKeys.decode(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void neverShowsThePrivateKeyInToString() {
    HostKey key = HostKey.generate();

    assertThat(key.toString()).contains(key.publicKey()).doesNotContain(key.privateKey());
  }

  static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
  }
}
