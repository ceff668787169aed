package dev.loopback.agent.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.protocol.messages.UpdateCheckResponse;
import dev.loopback.protocol.packages.PackageSignatures;
import dev.loopback.protocol.packages.PackageSignatures.TrustedKey;
import dev.loopback.protocol.packages.PackageStatement;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real HTTP server hands out packages; the fetcher keeps only the one that is exactly what was offered and signed. */
class PackageFetcherTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] operatorKey = random(32);
  private final byte[] strangerKey = random(32);
  private final byte[] good = random(100_000);
  private PackageServer packages;
  private PackageFetcher fetcher;
  @TempDir Path staging;

  @BeforeEach
  void serve() throws IOException {
    packages = PackageServer.start();
    fetcher = new PackageFetcher(HttpClient.newHttpClient(), packages.base(), staging,
        List.of(new TrustedKey("ops-2026", PackageSignatures.publicKeyOf(operatorKey))));
  }

  @AfterEach
  void stop() {
    packages.close();
  }

  @Test
  void keepsAPackageThatIsWhatWasOfferedAndSignedByATrustedKey() throws Exception {
    packages.put("/p/agent.deb", good);

    Path kept = fetcher.fetch(offer("1.1.0", good, "ops-2026", operatorKey, "/p/agent.deb"));

    assertThat(kept).isEqualTo(staging.resolve("agent_1.1.0_amd64.deb"));
    assertThat(Files.readAllBytes(kept)).isEqualTo(good);
    assertThat(files()).containsExactly(kept);
  }

  @Test
  void refusesATamperedPackageAndKeepsNothing() throws Exception {
    byte[] tampered = good.clone();
    tampered[500] ^= 1;
    packages.put("/p/agent.deb", tampered);

    assertRefused(offer("1.1.0", good, "ops-2026", operatorKey, "/p/agent.deb"), "sha512", "the downloaded file's SHA-512 is ");
  }

  @Test
  void refusesASignatureByAKeyThisHostDoesNotTrustOrThatDoesNotVerify() throws Exception {
    packages.put("/p/agent.deb", good);

    assertRefused(offer("1.1.0", good, "someone", strangerKey, "/p/agent.deb"), "signatureKeyId", "someone is not a trusted signing key");
    assertRefused(offer("1.1.0", good, "ops-2026", strangerKey, "/p/agent.deb"), "signature", "does not verify with key ops-2026");
  }

  @Test
  void refusesAPackageSignedForAnotherVersion() throws Exception {
    packages.put("/p/agent.deb", good);
    UpdateCheckResponse signedFor100 = offer("1.0.0", good, "ops-2026", operatorKey, "/p/agent.deb");
    UpdateCheckResponse claimedAs110 = new UpdateCheckResponse(true, "agent", "1.1.0", "stable", "amd64", "deb", signedFor100.size(),
        signedFor100.sha512(), signedFor100.signature(), "ops-2026", "/p/agent.deb", "");

    assertRefused(claimedAs110, "signature", "does not verify");
  }

  @Test
  void refusesADownloadOfAnotherSizeOrThatIsNotThere() throws Exception {
    packages.put("/p/agent.deb", good);
    UpdateCheckResponse offer = offer("1.1.0", good, "ops-2026", operatorKey, "/p/agent.deb");

    assertRefused(withSize(offer, good.length - 1), "size", "larger than the offer's");
    assertRefused(withSize(offer, good.length + 1), "size", "the download has 100000 bytes, the offer says 100001");
    assertRefused(offer("1.1.0", good, "ops-2026", operatorKey, "/p/missing.deb"), "url", "HTTP 404");
  }

  @Test
  void refusesAMalformedOfferBeforeFetchingAnything() throws Exception {
    UpdateCheckResponse offer = offer("1.1.0", good, "ops-2026", operatorKey, "/p/agent.deb");
    assertRefused(UpdateCheckResponse.none(), "available", "nothing to fetch");
    assertRefused(new UpdateCheckResponse(true, "agent", "../1", "stable", "amd64", "deb", 1, offer.sha512(), offer.signature(), "ops-2026",
        "/p/agent.deb", ""), "version", "is not a valid version");
    assertRefused(new UpdateCheckResponse(true, "agent", "1.1.0", "stable", "amd64", "deb", 1, offer.sha512(), offer.signature(), "ops-2026",
        "http://elsewhere/x", ""), "url", "must be a path on the control plane");
    PackageFetcher trustsNobody = new PackageFetcher(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:1"), staging, List.of());
    assertThatThrownBy(() -> trustsNobody.fetch(offer)).isInstanceOf(PackageRefused.class).hasMessageContaining("trusts no package signing key");
  }

  private void assertRefused(UpdateCheckResponse offer, String field, String reason) throws IOException {
    assertThatThrownBy(() -> fetcher.fetch(offer)).isInstanceOfSatisfying(PackageRefused.class, e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.getMessage()).startsWith(field + ": ").contains(reason);
    });
    assertThat(files()).as("nothing is kept").isEmpty();
  }

  private UpdateCheckResponse offer(String version, byte[] bytes, String keyId, byte[] key, String url) throws Exception {
    byte[] sha = MessageDigest.getInstance("SHA-512").digest(bytes);
    String signature = PackageSignatures.sign(PackageStatement.of("agent", version, "amd64", "deb", sha), key);
    return new UpdateCheckResponse(true, "agent", version, "stable", "amd64", "deb", bytes.length, HexFormat.of().formatHex(sha), signature,
        keyId, url, "notes");
  }

  private static UpdateCheckResponse withSize(UpdateCheckResponse o, long size) {
    return new UpdateCheckResponse(true, o.component(), o.version(), o.channel(), o.arch(), o.format(), size, o.sha512(), o.signature(),
        o.signatureKeyId(), o.url(), o.notes());
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> list = Files.list(staging)) {
      return list.toList();
    }
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
