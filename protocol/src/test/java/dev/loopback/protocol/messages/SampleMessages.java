package dev.loopback.protocol.messages;

import java.util.List;
import java.util.Map;

/**
 * One message per wire type with every field set to something other than its default, so that a
 * field the codec drops or renames shows up as an inequality after a round trip.
 */
final class SampleMessages {
  static final String TOKEN = "lbt_5ecret-install-token-do-not-log";

  private SampleMessages() {
  }

  static Message of(MessageType type) {
    // A switch expression over the enum: a new type without a sample does not compile.
    return switch (type) {
      case AGENT_ENROLL_REQUEST -> new AgentEnrollRequest(1, "0.4.2", List.of("mesh", "firewall"), TOKEN,
          "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n", facts());
      case AGENT_ENROLL_RESPONSE -> new AgentEnrollResponse("host-7f3a", "ws-01", "-----BEGIN CERTIFICATE-----\nleaf\n",
          "-----BEGIN CERTIFICATE-----\nca\n");
      case AGENT_HELLO_REQUEST -> new AgentHelloRequest(1, "0.4.2", List.of("shell"));
      case AGENT_HELLO_RESPONSE -> new AgentHelloResponse("host-7f3a", 1, 15_000, 3_000, "replica-b");
      case REFUSAL -> new Refusal(RefusalCode.RATE_LIMITED, "too many enrollments from 203.0.113.0/24", 30_000);
      case HEARTBEAT_EVENT -> new HeartbeatEvent("0.4.2", 86_400L * 400, facts(),
          List.of(new ModuleState("mesh", "1.2.0", "active", ""), new ModuleState("firewall", "0.9.1", "failed", "xdp attach: EPERM")));
      case PING_REQUEST -> new PingRequest("ping-\u00e9\u4e2d-\ud83d\ude80");
      case PING_RESPONSE -> new PingResponse("ping-1", "0.4.2", Long.MAX_VALUE);
      case CERTIFICATE_RENEW_REQUEST -> new CertificateRenewRequest("-----BEGIN CERTIFICATE REQUEST-----\nrenew\n");
      case CERTIFICATE_RENEW_RESPONSE -> new CertificateRenewResponse("-----BEGIN CERTIFICATE-----\nnew\n",
          "-----BEGIN CERTIFICATE-----\nca\n");
      case COMMAND_FAILURE -> new CommandFailure("NOT_FOUND", "no module named \"dns\"");
      case MESH_APPLY_REQUEST -> new MeshApplyRequest(42, "sha256:9f2c", new WireGuardConfig("hJf1Y8s2Jm3vY1S0Zp3J8cVw1p0dY9e3mX8eXz0Zp2U=",
          51820, 1380, List.of("10.90.0.7/16", "10.91.0.3/24"), List.of("10.90.0.0/16", "10.91.0.0/24"),
          List.of(new WireGuardPeer("xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=", "192.0.2.11:51820", List.of("10.90.0.8/32", "10.91.0.4/32"), 25),
              new WireGuardPeer("TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=", null, List.of("10.90.0.9/32"), 0))), null, 10_000);
      case MESH_APPLY_RESPONSE -> new MeshApplyResponse(42, MeshApplyOutcome.ROLLED_BACK, "peer 10.90.0.8 did not answer within 10s", 41);
      case MESH_IDENTITY_EVENT -> new MeshIdentityEvent("hJf1Y8s2Jm3vY1S0Zp3J8cVw1p0dY9e3mX8eXz0Zp2U=", 51820, 7L, "msha256:" + "0".repeat(64));
      case UPDATE_CHECK_REQUEST -> new UpdateCheckRequest("agent", "stable", "1.0.0", "amd64", null, null);
      case UPDATE_CHECK_RESPONSE -> new UpdateCheckResponse(true, "agent", "1.1.0", "stable", "amd64", "deb", 2048, "ab".repeat(64),
          "c2lnbmF0dXJl", "ops-2026", "/system/v1/downloads/catalog/agent/1.1.0/agent_1.1.0_amd64.deb", "fixes");
      case MODULES_DESIRED_REQUEST -> new ModulesDesiredRequest(List.of(new DesiredModule("host-metrics", true, "{\"intervalSeconds\":10}",
          new UpdateCheckResponse(true, "host-metrics", "0.1.0", "stable", "amd64", "tar.gz", 900, "cd".repeat(64), "c2ln", "ops-2026",
              "/system/v1/downloads/catalog/host-metrics/0.1.0/host-metrics_0.1.0_amd64.tar.gz", "")),
          new DesiredModule("old", false, null, null)));
      case MODULES_DESIRED_RESPONSE -> new ModulesDesiredResponse(List.of(new ModuleState("host-metrics", "0.1.0", "active", "running",
          Map.of("load1", 0.5))), List.of("old: sha512: mismatch"));
      case AGENT_UPDATE_REQUEST -> new AgentUpdateRequest(new UpdateCheckResponse(true, "agent", "1.1.0", "stable", "amd64", "tar.gz", 4096,
          "ef".repeat(64), "c2ln", "ops-2026", "/system/v1/downloads/catalog/agent/1.1.0/loopback-agent-1.1.0-linux.tar.gz", ""), 120);
      case AGENT_UPDATE_RESPONSE -> AgentUpdateResponse.refused("1.1.0", "sha512", "the downloaded file's SHA-512 differs");
      case AGENT_UPDATE_REPORT -> new AgentUpdateReport("1.2.0", "1.1.0", "exited with status 1 before it checked in", 1_800_000_000L);
    };
  }

  static HostFacts facts() {
    return new HostFacts("web-01.example.net", "Debian GNU/Linux 12", "6.1.0-18-amd64", "x86_64",
        List.of("192.0.2.10", "2001:db8::10", "fe80::1%eth0"));
  }
}
