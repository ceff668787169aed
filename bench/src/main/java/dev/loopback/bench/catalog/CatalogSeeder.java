package dev.loopback.bench.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.protocol.packages.PackageSignatures;
import dev.loopback.protocol.packages.PackageStatement;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills the catalog through the API as an operator would: a signing key, then RELEASES agent
 * releases on {@code stable} (versions 1.0.0 up, ten patches per minor, a hundred minors per major),
 * each with a signed amd64 package, published. One release in ten is only eligible from the
 * previous major up, so checks from old versions walk the list rather than stop at its top.
 *
 * <pre>java … CatalogSeeder http://localhost:18080 &lt;owner key&gt; 10000 8</pre>
 */
public final class CatalogSeeder {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    URI api = URI.create(args[0]);
    String key = args[1];
    int releases = Integer.parseInt(args[2]);
    int parallel = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    byte[] signingKey = new byte[32];
    new SecureRandom().nextBytes(signingKey);
    String keyId = "bench-" + System.currentTimeMillis();
    send(http, api, key, "POST", "/api/v1/catalog/signing-keys",
        JSON.writeValueAsString(java.util.Map.of("id", keyId, "publicKey", PackageSignatures.publicKeyOf(signingKey))), 201);
    long started = System.nanoTime();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<Future<?>> work = new ArrayList<>();
    for (int i = 0; i < releases; i++) {
      int n = i;
      work.add(pool.submit(() -> {
        seed(http, api, key, keyId, signingKey, n);
        int count = done.incrementAndGet();
        if (count % 1000 == 0) {
          System.out.printf("seeded %d releases in %.1fs%n", count, (System.nanoTime() - started) / 1e9);
        }
        return null;
      }));
    }
    for (Future<?> future : work) {
      future.get();
    }
    pool.shutdown();
    System.out.printf("RESULT seeded=%d releases (create + signed upload + publish) in %.1fs%n", releases, (System.nanoTime() - started) / 1e9);
  }

  /** Release n: major 1 + n / 1000, minor (n / 10) % 100, patch n % 10. */
  static String version(int n) {
    return (1 + n / 1000) + "." + (n / 10) % 100 + "." + n % 10;
  }

  private static void seed(HttpClient http, URI api, String key, String keyId, byte[] signingKey, int n) throws Exception {
    String version = version(n);
    int major = 1 + n / 1000;
    String eligibility = n % 10 == 9 && major > 1 ? ">=" + (major - 1) + ".0.0" : "any";
    send(http, api, key, "POST", "/api/v1/catalog/releases", JSON.writeValueAsString(java.util.Map.of("component", "agent",
        "version", version, "channel", "stable", "eligibility", eligibility, "notes", "bench release " + version)), 201);
    byte[] body = ("loopback-agent " + version + " bench package\n").repeat(64).getBytes();
    byte[] sha = MessageDigest.getInstance("SHA-512").digest(body);
    String signature = PackageSignatures.sign(PackageStatement.of("agent", version, "amd64", "deb", sha), signingKey);
    HttpRequest upload = HttpRequest.newBuilder(api.resolve("/api/v1/catalog/releases/agent/" + version + "/packages/amd64/deb"))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/octet-stream")
        .header("Loopback-Signature", signature).header("Loopback-Signature-Key", keyId)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    expect(http.send(upload, HttpResponse.BodyHandlers.ofString()), 201);
    send(http, api, key, "POST", "/api/v1/catalog/releases/agent/" + version + "/publish", "", 200);
  }

  private static void send(HttpClient http, URI api, String key, String method, String path, String body, int expected) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(api.resolve(path)).header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    expect(http.send(request, HttpResponse.BodyHandlers.ofString()), expected);
  }

  private static void expect(HttpResponse<String> response, int expected) {
    if (response.statusCode() != expected) {
      throw new IllegalStateException(response.request().method() + " " + response.uri() + " → " + response.statusCode() + ": "
          + response.body());
    }
  }
}
