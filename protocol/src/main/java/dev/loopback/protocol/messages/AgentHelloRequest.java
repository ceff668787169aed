package dev.loopback.protocol.messages;

import java.util.List;

/** Opens a session on a mutual-TLS channel; the client certificate says which host this is. */
public record AgentHelloRequest(int protocolVersion, String agentVersion, List<String> capabilities)
    implements Message {
}
