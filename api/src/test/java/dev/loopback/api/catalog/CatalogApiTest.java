package dev.loopback.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.protocol.packages.PackageSignatures;
import dev.loopback.protocol.packages.PackageStatement;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Publishing through the API and the update check agents call, on the real database. The catalog is
 * the installation's, shared by every test of the context: only the first test publishes the core
 * agent; the others use modules of their own.
 */
@ApiTest
class CatalogApiTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  @Autowired Fleet fleet;
  private final byte[] signingKey = new byte[32];
  private String keyId;

  @BeforeEach
  void aSigningKeyTheOperatorHolds() throws Exception {
    RANDOM.nextBytes(signingKey);
    keyId = "ops-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode key = fleet.call(fleet.ownerKey(), post("/api/v1/catalog/signing-keys"),
        "{\"id\":\"" + keyId + "\",\"publicKey\":\"" + PackageSignatures.publicKeyOf(signingKey) + "\"}", 201);
    assertThat(key.get("retiredAt").isNull()).isTrue();
  }

  @Test
  void aPublishedReleaseIsFoundByTheUpdateCheckAndDownloadedIntact() throws Exception {
    byte[] v100 = randomBytes(4000);
    byte[] v110 = randomBytes(300_000);
    release("agent", "1.0.0", "stable", "any", null);
    upload("agent", "1.0.0", "amd64", "deb", v100, 201);
    publish("agent", "1.0.0");
    release("agent", "1.1.0", "stable", ">=1.0.0", null);
    upload("agent", "1.1.0", "amd64", "deb", v110, 201);
    assertThat(check("agent", "channel=stable&version=1.0.0&arch=amd64").getStatus()).as("not published yet").isEqualTo(204);
    publish("agent", "1.1.0");

    MockHttpServletResponse offer = check("agent", "channel=stable&version=1.0.0&arch=amd64");
    assertThat(offer.getStatus()).isEqualTo(200);
    JsonNode next = json(offer);
    assertThat(next.get("version").asText()).isEqualTo("1.1.0");
    assertThat(next.get("sha512").asText()).isEqualTo(sha512(v110));
    assertThat(next.get("size").asLong()).isEqualTo(v110.length);
    assertThat(next.get("signatureKeyId").asText()).isEqualTo(keyId);
    assertThat(PackageSignatures.refusal(PackageStatement.of("agent", "1.1.0", "amd64", "deb", MessageDigest.getInstance("SHA-512").digest(v110)),
        keyId, next.get("signature").asText(), List.of(new PackageSignatures.TrustedKey(keyId, PackageSignatures.publicKeyOf(signingKey)))))
        .as("what the agent will verify").isEmpty();
    MockHttpServletResponse download = fleet.send(null, get(next.get("url").asText()), null).getResponse();
    assertThat(download.getStatus()).isEqualTo(200);
    assertThat(download.getContentAsByteArray()).isEqualTo(v110);

    assertThat(check("agent", "channel=stable&version=1.1.0&arch=amd64").getStatus()).isEqualTo(204);
    assertThat(check("agent", "channel=stable&version=1.0.0&arch=arm64").getStatus()).as("no arm64 package").isEqualTo(204);
    assertThat(fleet.send(null, get("/system/v1/downloads/catalog/agent/1.1.0/../../etc"), null).getResponse().getStatus())
        .isEqualTo(404);
  }

  @Test
  void aPackageRegisteredByUrlIsFetchedCheckedLikeAnUploadAndServedFromHere() throws Exception {
    String module = "mod-" + suffix();
    byte[] bytes = randomBytes(50_000);
    HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    origin.createContext("/builds/pkg.tar.gz", exchange -> {
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    origin.start();
    try {
      String base = "http://127.0.0.1:" + origin.getAddress().getPort();
      release(module, "1.0.0", "stable", "any", "any");
      String packages = path(module, "1.0.0") + "/packages/amd64/tar.gz";

      assertInvalid(register(packages, base + "/builds/pkg.tar.gz", "00".repeat(64), sign(module, "1.0.0", "amd64", "tar.gz", bytes)),
          "sha512");
      assertInvalid(register(packages, base + "/builds/missing.tar.gz", sha512(bytes), sign(module, "1.0.0", "amd64", "tar.gz", bytes)),
          "url");
      assertInvalid(register(packages, "file:///etc/passwd", sha512(bytes), sign(module, "1.0.0", "amd64", "tar.gz", bytes)), "url");
      assertInvalid(register(packages, base + "/builds/pkg.tar.gz", sha512(bytes), sign(module, "1.0.0", "amd64", "tar.gz",
          randomBytes(10))), "signature");

      JsonNode registered = fleet.call(fleet.ownerKey(), post(packages), registration(base + "/builds/pkg.tar.gz", sha512(bytes),
          sign(module, "1.0.0", "amd64", "tar.gz", bytes)), 201);
      assertThat(registered.get("sha512").asText()).isEqualTo(sha512(bytes));
      assertThat(registered.get("url").asText()).as("agents download from the control plane").startsWith("/system/v1/downloads/");
      publish(module, "1.0.0");
      origin.stop(0);
      MockHttpServletResponse download = fleet.send(null, get(registered.get("url").asText()), null).getResponse();
      assertThat(download.getContentAsByteArray()).as("served from the copy, with the origin gone").isEqualTo(bytes);
    } finally {
      origin.stop(0);
    }
  }

  private MockHttpServletResponse register(String packages, String url, String sha512, String signature) throws Exception {
    return fleet.send(fleet.ownerKey(), post(packages), registration(url, sha512, signature)).getResponse();
  }

  private String registration(String url, String sha512, String signature) {
    return "{\"url\":\"" + url + "\",\"sha512\":\"" + sha512 + "\",\"signature\":\"" + signature + "\",\"signatureKeyId\":\""
        + keyId + "\"}";
  }

  @Test
  void onlyPackageUploadsMayBeLargerThanAnApiBody() throws Exception {
    String module = "mod-" + suffix();
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/releases"), releaseJson(module, "1.0.0", "stable", "any", ">=1.0.0"), 201);
    upload(module, "1.0.0", "amd64", "deb", randomBytes(2_000_000), 201);
    String bigJson = "{\"name\":\"" + "x".repeat(100_000) + "\"}";
    assertThat(fleet.send(fleet.ownerKey(), post("/api/v1/catalog/channels"), bigJson).getResponse().getStatus()).isEqualTo(413);
  }

  @Test
  void aBadUpdateCheckIsA400NamingTheParameter() throws Exception {
    assertInvalid(check("agent", "channel=stable&version=1.0&arch=amd64"), "version");
    assertInvalid(check("agent", "channel=nightly&version=1.0.0&arch=amd64"), "channel");
    assertInvalid(check("agent", "channel=stable&version=1.0.0"), "arch");
    assertInvalid(check("agent", "channel=stable&version=1.0.0&arch=amd64&format=rpm"), "format");
    assertInvalid(check("mod-" + suffix(), "channel=stable&version=1.0.0&arch=amd64"), "coreVersion");
  }

  @Test
  void tamperedUnsignedOrWronglySignedPackagesAreRefusedAndNothingIsKept() throws Exception {
    String module = "mod-" + suffix();
    release(module, "1.0.0", "stable", "any", ">=1.0.0");
    byte[] bytes = randomBytes(3000);

    assertInvalid(send(upload(module, "1.0.0", "amd64", "deb", bytes).header(CatalogController.SHA512, "00".repeat(64))), "sha512");
    assertInvalid(send(upload(module, "1.0.0", "amd64", "deb", bytes).header(CatalogController.SIGNATURE_KEY, "nobody")), "signatureKeyId");
    byte[] other = randomBytes(3000);
    assertInvalid(send(put(path(module, "1.0.0") + "/packages/amd64/deb").content(bytes).contentType(MediaType.APPLICATION_OCTET_STREAM)
        .header(CatalogController.SIGNATURE, sign(module, "1.0.0", "amd64", "deb", other)).header(CatalogController.SIGNATURE_KEY, keyId)),
        "signature");
    assertInvalid(send(put(path(module, "1.0.0") + "/packages/amd64/deb").content(bytes).contentType(MediaType.APPLICATION_OCTET_STREAM)),
        "signature");
    assertInvalid(send(upload(module, "1.0.0", "amd64", "tar.xz", bytes)), "format");
    // Signed for another version: a downgrade in disguise.
    assertInvalid(send(put(path(module, "1.0.0") + "/packages/amd64/deb").content(bytes).contentType(MediaType.APPLICATION_OCTET_STREAM)
        .header(CatalogController.SIGNATURE, sign(module, "0.9.0", "amd64", "deb", bytes)).header(CatalogController.SIGNATURE_KEY, keyId)),
        "signature");

    assertThat(fleet.get(fleet.ownerKey(), path(module, "1.0.0")).get("artifacts")).isEmpty();
    assertThat(fleet.dataDir().resolve("catalog").resolve(module)).doesNotExist();
    try (var incoming = Files.list(fleet.dataDir().resolve("catalog").resolve(".incoming"))) {
      assertThat(incoming.filter(p -> !Files.isDirectory(p))).as("no leftover upload").isEmpty();
    }
    fleet.call(fleet.ownerKey(), post(path(module, "1.0.0") + "/publish"), null, 409);

    // A retired key signs nothing new.
    fleet.call(fleet.ownerKey(), delete("/api/v1/catalog/signing-keys/" + keyId), null, 204);
    assertInvalid(send(upload(module, "1.0.0", "amd64", "deb", bytes)), "signatureKeyId");
  }

  @Test
  void aPublishedReleaseNeverChanges() throws Exception {
    String module = "mod-" + suffix();
    release(module, "1.0.0", "stable", "any", ">=1.0.0");
    upload(module, "1.0.0", "amd64", "deb", randomBytes(100), 201);
    upload(module, "1.0.0", "amd64", "deb", randomBytes(100), 409);
    publish(module, "1.0.0");

    upload(module, "1.0.0", "arm64", "deb", randomBytes(100), 409);
    fleet.call(fleet.ownerKey(), post(path(module, "1.0.0") + "/publish"), null, 409);
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/releases"), releaseJson(module, "1.0.0", "stable", "any", ">=1.0.0"), 409);
    JsonNode audit = fleet.get(fleet.ownerKey(), "/api/v1/audit-events?limit=50");
    assertThat(audit.findValuesAsText("action")).contains("catalog.release.create", "catalog.package.upload", "catalog.release.publish");
  }

  @Test
  void aPreReleaseGoesOnlyOnAChannelThatOffersThem() throws Exception {
    String module = "mod-" + suffix();
    JsonNode refused = fleet.call(fleet.ownerKey(), post("/api/v1/catalog/releases"),
        releaseJson(module, "2.0.0-rc.1", "stable", "any", ">=1.0.0"), 400);
    assertThat(refused.at("/errors/0/field").asText()).isEqualTo("version");
    release(module, "2.0.0-rc.1", "preview", "any", ">=1.0.0");
    String channel = "canary-" + suffix();
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/channels"), "{\"name\":\"" + channel + "\",\"allowsPrereleases\":true}", 201);
    release(module, "2.0.0-rc.2", channel, "any", ">=1.0.0");
    upload(module, "2.0.0-rc.2", "amd64", "deb", randomBytes(100), 201);
    publish(module, "2.0.0-rc.2");

    MockHttpServletResponse offer = check(module, "channel=" + channel + "&version=1.0.0&arch=amd64&coreVersion=1.4.0");
    assertThat(offer.getStatus()).isEqualTo(200);
    assertThat(json(offer).get("version").asText()).isEqualTo("2.0.0-rc.2");
    assertThat(check(module, "channel=" + channel + "&version=1.0.0&arch=amd64&coreVersion=0.9.0").getStatus())
        .as("the module needs core >=1.0.0").isEqualTo(204);
    assertInvalid(fleet.send(fleet.ownerKey(), post("/api/v1/catalog/releases"), releaseJson(module, "3.0.0", "stable", ">=1.0 <2", null))
        .getResponse(), "eligibility");
  }

  private void release(String component, String version, String channel, String eligibility, String requiresCore) throws Exception {
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/releases"), releaseJson(component, version, channel, eligibility, requiresCore), 201);
  }

  private static String releaseJson(String component, String version, String channel, String eligibility, String requiresCore) {
    return "{\"component\":\"" + component + "\",\"version\":\"" + version + "\",\"channel\":\"" + channel + "\",\"eligibility\":\""
        + eligibility + "\"" + (requiresCore == null ? "" : ",\"requiresCore\":\"" + requiresCore + "\"") + ",\"notes\":\"test\"}";
  }

  private void upload(String component, String version, String arch, String format, byte[] bytes, int expected) throws Exception {
    MockHttpServletResponse response = send(upload(component, version, arch, format, bytes));
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(expected);
  }

  private MockHttpServletRequestBuilder upload(String component, String version, String arch, String format, byte[] bytes)
      throws Exception {
    return put(path(component, version) + "/packages/" + arch + "/" + format).content(bytes).contentType(MediaType.APPLICATION_OCTET_STREAM)
        .header(CatalogController.SIGNATURE, sign(component, version, arch, format, bytes)).header(CatalogController.SIGNATURE_KEY, keyId)
        .header(CatalogController.SHA512, sha512(bytes));
  }

  private void publish(String component, String version) throws Exception {
    assertThat(fleet.call(fleet.ownerKey(), post(path(component, version) + "/publish"), null, 200).get("published").asBoolean()).isTrue();
  }

  private MockHttpServletResponse check(String component, String query) throws Exception {
    return fleet.send(null, get("/system/v1/updates/" + component + "?" + query), null).getResponse();
  }

  private MockHttpServletResponse send(MockHttpServletRequestBuilder request) throws Exception {
    return fleet.send(fleet.ownerKey(), request, null).getResponse();
  }

  private static void assertInvalid(MockHttpServletResponse response, String field) throws Exception {
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    assertThat(response.getContentAsString()).contains("\"field\":\"" + field + "\"");
  }

  private String sign(String component, String version, String arch, String format, byte[] bytes) throws Exception {
    return PackageSignatures.sign(PackageStatement.of(component, version, arch, format, MessageDigest.getInstance("SHA-512").digest(bytes)),
        signingKey);
  }

  private static JsonNode json(MockHttpServletResponse response) throws Exception {
    return new ObjectMapper().readTree(response.getContentAsString());
  }

  private static String path(String component, String version) {
    return "/api/v1/catalog/releases/" + component + "/" + version;
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String sha512(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
