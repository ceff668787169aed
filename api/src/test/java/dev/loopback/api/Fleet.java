package dev.loopback.api;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.protocol.packages.PackageSignatures;
import dev.loopback.protocol.packages.PackageStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Test helper that drives the API as an operator would: bootstrap key from its file, then
 * workspaces, users, role bindings and keys through the HTTP endpoints.
 */

public class Fleet {

  private final MockMvc mvc;
  private final ObjectMapper json;
  private final LoopbackProperties properties;

  Fleet(MockMvc mvc, ObjectMapper json, LoopbackProperties properties) {
    this.mvc = mvc;
    this.json = json;
    this.properties = properties;
  }

  public String ownerKey() throws Exception {
    return Files.readString(properties.dataDir().resolve("bootstrap-owner-key")).strip();
  }

  public Path dataDir() {
    return properties.dataDir();
  }

  public UUID createWorkspace(String name) throws Exception {
    return UUID.fromString(call(ownerKey(), post("/api/v1/workspaces"), "{\"name\":\"" + name + "\"}", 201).get("id").asText());
  }

  public UUID createUser(String name) throws Exception {
    return UUID.fromString(call(ownerKey(), post("/api/v1/users"), "{\"name\":\"" + name + "\"}", 201).get("id").asText());
  }

  /** A new user with {@code role} in the workspace, or organization-wide when workspaceId is null; returns its key. */
  public String keyWithRole(UUID workspaceId, String role) throws Exception {
    UUID user = createUser("u-" + UUID.randomUUID().toString().substring(0, 12));
    String path = workspaceId == null ? "/api/v1/organization/members/" + user : "/api/v1/workspaces/" + workspaceId + "/members/" + user;
    call(ownerKey(), put(path), "{\"role\":\"" + role + "\"}", 200);
    return call(ownerKey(), post("/api/v1/users/" + user + "/api-keys"), "{}", 201).get("secret").asText();
  }

  public JsonNode call(String key, MockHttpServletRequestBuilder request, String body, int expectedStatus) throws Exception {
    MvcResult result = send(key, request, body);
    int status = result.getResponse().getStatus();
    String content = result.getResponse().getContentAsString();
    if (status != expectedStatus) {
      throw new AssertionError("expected " + expectedStatus + " but got " + status + ": " + content);
    }
    return content.isEmpty() ? json.nullNode() : json.readTree(content);
  }

  public JsonNode get(String key, String path) throws Exception {
    return call(key, MockMvcRequestBuilders.get(path), null, 200);
  }

  public MvcResult send(String key, MockHttpServletRequestBuilder request, String body) throws Exception {
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (body != null) {
      request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
    return mvc.perform(request).andReturn();
  }

  public JsonNode read(MvcResult result) throws Exception {
    return json.readTree(result.getResponse().getContentAsString());
  }

  /**
   * Creates, uploads (signed with {@code key} as {@code keyId}, for amd64) and publishes a release.
   *
   * @param releaseFields the release's JSON fields after component and version, e.g. {@code "channel":"stable","eligibility":"any"}
   */
  public void publishRelease(String component, String version, String releaseFields, String format, byte[] bytes, String keyId,
      byte[] key) throws Exception {
    call(ownerKey(), post("/api/v1/catalog/releases"), "{\"component\":\"" + component + "\",\"version\":\"" + version + "\","
        + releaseFields + "}", 201);
    byte[] sha = MessageDigest.getInstance("SHA-512").digest(bytes);
    MvcResult upload = send(ownerKey(), put("/api/v1/catalog/releases/" + component + "/" + version + "/packages/amd64/" + format)
        .content(bytes).contentType(MediaType.APPLICATION_OCTET_STREAM).header("Loopback-Signature-Key", keyId)
        .header("Loopback-Signature", PackageSignatures.sign(PackageStatement.of(component, version, "amd64", format, sha), key)), null);
    if (upload.getResponse().getStatus() != 201) {
      throw new AssertionError("upload: " + upload.getResponse().getStatus() + " " + upload.getResponse().getContentAsString());
    }
    call(ownerKey(), post("/api/v1/catalog/releases/" + component + "/" + version + "/publish"), null, 200);
  }
}
