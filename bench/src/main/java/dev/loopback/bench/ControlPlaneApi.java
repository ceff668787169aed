package dev.loopback.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** The few REST calls the simulator makes, as the bootstrap owner (or any key that may mint tokens and ping hosts). */
final class ControlPlaneApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final String apiKey;
  private final HttpClient http;

  ControlPlaneApi(URI base, String apiKey) {
    this.base = base;
    this.apiKey = apiKey;
    // HTTP/1.1: the API is plain HTTP, and an h2c upgrade attempt on every first request only adds noise.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  record AgentChannel(int port, String caSha256) {
  }

  /** A ping through the API: HTTP status, the gateway-measured write→answer time, and our own end-to-end time. */
  record Ping(int status, double roundTripMillis, long endToEndMicros) {
  }

  /** The first workspace in which this key may mint agent tokens. */
  UUID mintingWorkspace() throws IOException, InterruptedException {
    for (JsonNode workspace : get("/api/v1/me").path("workspaces")) {
      for (JsonNode capability : workspace.path("capabilities")) {
        if ("tokens:mint".equals(capability.asText()) || "TOKENS_MINT".equals(capability.asText())) {
          return UUID.fromString(workspace.path("id").asText());
        }
      }
    }
    throw new IllegalStateException("this API key may mint agent tokens in no workspace; pass --workspace or another key");
  }

  /** A long-lived token with unlimited uses: one token enrolls the whole simulated fleet. */
  String mintToken(UUID workspace) throws IOException, InterruptedException {
    JsonNode minted = post("/api/v1/workspaces/" + workspace + "/agent-tokens",
        "{\"description\":\"fleet simulator\",\"lifetime\":\"long-lived\",\"ttl\":\"P30D\"}");
    return minted.path("secret").asText();
  }

  AgentChannel agentChannel() throws IOException, InterruptedException {
    JsonNode channel = get("/api/v1/agent-channel");
    return new AgentChannel(channel.path("port").asInt(), channel.path("caSha256").asText());
  }

  Ping ping(UUID workspace, String hostId) throws IOException, InterruptedException {
    long started = System.nanoTime();
    HttpResponse<String> response = http.send(request("/api/v1/workspaces/" + workspace + "/hosts/" + hostId + "/ping")
        .timeout(Duration.ofSeconds(90)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    long micros = (System.nanoTime() - started) / 1000;
    double roundTrip = response.statusCode() == 200 ? JSON.readTree(response.body()).path("roundTripMillis").asDouble() : -1;
    return new Ping(response.statusCode(), roundTrip, micros);
  }

  /** A network; the bootstrap owner may manage networks. */
  UUID createNetwork(UUID workspace, String name, String cidr) throws IOException, InterruptedException {
    String body = JSON.createObjectNode().put("name", name).put("cidr", cidr).toString();
    return UUID.fromString(post("/api/v1/workspaces/" + workspace + "/networks", body).path("id").asText());
  }

  /** Adds the host to the network, which signals the network's apply workflow. */
  void joinNetwork(UUID workspace, UUID network, String hostId) throws IOException, InterruptedException {
    send(request("/api/v1/workspaces/" + workspace + "/networks/" + network + "/members/" + hostId)
        .PUT(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** {@code GET .../hosts/{id}/mesh}: desired and applied revision, outcome, detail. */
  JsonNode hostMesh(UUID workspace, String hostId) throws IOException, InterruptedException {
    return get("/api/v1/workspaces/" + workspace + "/hosts/" + hostId + "/mesh");
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  private JsonNode post(String path, String body) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + apiKey);
  }

  private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
