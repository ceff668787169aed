package dev.loopback.protocol.messages;

import java.util.List;

/** First join. The token is used once, here; the CSR carries the public half of a key made on the host. */
public record AgentEnrollRequest(int protocolVersion, String agentVersion, List<String> capabilities, String token,
    String csrPem, HostFacts facts) implements Message {
  @Override
  public String toString() {
    // The token is a bearer secret: keep it out of every log line that prints a message.
    return "AgentEnrollRequest[protocolVersion=" + protocolVersion + ", agentVersion=" + agentVersion + ", token=<redacted>]";
  }
}
