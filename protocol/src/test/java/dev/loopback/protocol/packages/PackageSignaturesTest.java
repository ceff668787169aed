package dev.loopback.protocol.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loopback.protocol.packages.PackageSignatures.TrustedKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageSignaturesTest {
  private static final byte[] PRIVATE = new byte[32];
  private static final String SHA = "ab".repeat(64);

  static {
    new SecureRandom().nextBytes(PRIVATE);
  }

  private final PackageStatement statement = new PackageStatement("agent", "1.2.0", "amd64", "deb", SHA);
  private final List<TrustedKey> trusted = List.of(new TrustedKey("ops-2026", PackageSignatures.publicKeyOf(PRIVATE)));

  @Test
  void aSignatureOfTheStatementVerifies() {
    assertThat(PackageSignatures.refusal(statement, "ops-2026", PackageSignatures.sign(statement, PRIVATE), trusted)).isEmpty();
  }

  @Test
  void theSignatureBindsVersionArchitectureFormatAndDigest() {
    String signature = PackageSignatures.sign(statement, PRIVATE);
    for (PackageStatement other : List.of(
        new PackageStatement("agent", "1.1.0", "amd64", "deb", SHA),
        new PackageStatement("agent", "1.2.0", "arm64", "deb", SHA),
        new PackageStatement("agent", "1.2.0", "amd64", "tar.gz", SHA),
        new PackageStatement("metrics", "1.2.0", "amd64", "deb", SHA),
        new PackageStatement("agent", "1.2.0", "amd64", "deb", "cd".repeat(64)))) {
      assertThat(PackageSignatures.refusal(other, "ops-2026", signature, trusted)).as(other.toString())
          .hasValueSatisfying(reason -> assertThat(reason).startsWith("signature: does not verify with key ops-2026"));
    }
  }

  @Test
  void refusesAnUnknownKeyAndMalformedSignaturesNamingTheField() {
    String signature = PackageSignatures.sign(statement, PRIVATE);
    assertThat(PackageSignatures.refusal(statement, "someone-else", signature, trusted)).contains("signatureKeyId: someone-else is not a trusted signing key");
    assertThat(PackageSignatures.refusal(statement, "ops-2026", "%%%", trusted)).contains("signature: not Base64");
    assertThat(PackageSignatures.refusal(statement, "ops-2026", "AAAA", trusted)).contains("signature: an Ed25519 signature is 64 bytes, this is 3");
    assertThatThrownBy(() -> new TrustedKey("k", "AAAA")).hasMessage("publicKey: an Ed25519 public key is 32 bytes, this is 3");
    assertThatThrownBy(() -> new PackageStatement("agent", "1.0.0", "amd64", "deb", "xyz")).hasMessage("sha512: must be 128 hexadecimal digits");
  }

  /** The operator's side as the docs describe it: a key and a signature made with openssl verify here. */
  @Test
  void verifiesWhatOpensslSigns(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "needs openssl");
    run(dir, "openssl genpkey -algorithm ed25519 -out key.pem");
    Files.write(dir.resolve("statement"), statement.bytes());
    String publicKey = run(dir, "openssl pkey -in key.pem -pubout -outform DER | tail -c 32 | base64 -w0");
    String signature = run(dir, "openssl pkeyutl -sign -inkey key.pem -rawin -in statement | base64 -w0");

    assertThat(PackageSignatures.refusal(statement, "ops", signature, List.of(new TrustedKey("ops", publicKey)))).isEmpty();
  }

  private static String run(Path dir, String command) throws Exception {
    Process process = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(command + ": " + out).isZero();
    return out;
  }
}
