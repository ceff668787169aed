package dev.loopback.agent;

import dev.loopback.agent.host.HostSide;
import dev.loopback.protocol.messages.HostFacts;
import dev.loopback.protocol.messages.ModuleState;
import java.util.List;

/** A host whose facts the test changes at will. */
public class FixedHost implements HostSide {
  public volatile HostFacts facts = new HostFacts("web-1", "Debian GNU/Linux 12", "6.1.0", "x86_64", List.of("10.0.0.5"));
  public volatile List<ModuleState> modules = List.of();
  public volatile long uptime = 42;

  @Override
  public String agentVersion() {
    return "1.2.3";
  }

  @Override
  public long uptimeSeconds() {
    return uptime;
  }

  @Override
  public HostFacts facts() {
    return facts;
  }

  @Override
  public List<ModuleState> modules() {
    return modules;
  }
}
