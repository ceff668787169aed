package dev.loopback.agent;

import dev.loopback.agent.channel.Backoff;
import dev.loopback.agent.config.AgentConfig;
import dev.loopback.protocol.tls.ServerTrust;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What one {@link Agent} needs to know besides its identity: where the gateway is, how to join the
 * first time ({@code token} and {@code enrollmentTrust}, both null for an enrolled host), how to back
 * off, how long to wait for an answer to enroll or hello, and optionally which local address to dial from.
 */
public record AgentSettings(String host, int port, String token, ServerTrust enrollmentTrust, Backoff backoff,
    Duration requestTimeout, InetSocketAddress localAddress) {
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  public AgentSettings {
    if (host == null || host.isBlank() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("the gateway needs a host and a port 1..65535");
    }
    backoff = backoff != null ? backoff : Backoff.DEFAULT;
    requestTimeout = requestTimeout != null ? requestTimeout : DEFAULT_REQUEST_TIMEOUT;
  }

  public AgentSettings(String host, int port, String token, ServerTrust enrollmentTrust) {
    this(host, port, token, enrollmentTrust, Backoff.DEFAULT, DEFAULT_REQUEST_TIMEOUT, null);
  }

  public static AgentSettings from(AgentConfig config) {
    return new AgentSettings(config.endpoint().host(), config.endpoint().port(), config.token(), config.enrollmentTrust(),
        config.backoff(), DEFAULT_REQUEST_TIMEOUT, null);
  }

  public AgentSettings withBackoff(Backoff backoff) {
    return new AgentSettings(host, port, token, enrollmentTrust, backoff, requestTimeout, localAddress);
  }

  public AgentSettings withRequestTimeout(Duration requestTimeout) {
    return new AgentSettings(host, port, token, enrollmentTrust, backoff, requestTimeout, localAddress);
  }

  public AgentSettings withLocalAddress(InetSocketAddress localAddress) {
    return new AgentSettings(host, port, token, enrollmentTrust, backoff, requestTimeout, localAddress);
  }

  @Override
  public String toString() {
    return "AgentSettings[" + host + ":" + port + ", token=" + (token == null ? "none" : "<redacted>") + ", backoff=" + backoff
        + ", requestTimeout=" + requestTimeout + ", localAddress=" + localAddress + "]";
  }
}
