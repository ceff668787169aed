package dev.loopback.activities.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.db.hosts.AgentSession;
import dev.loopback.db.hosts.Host;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HostViewTest {

  // Strict like the application's mapper, to show that agent-supplied JSON is read leniently anyway.
  private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final Instant now = Instant.parse("2024-05-01T12:00:00Z");

  @Test
  void mapsLabelsFactsModulesAndSession() {
    HostView view = HostView.of(host("{\"tier\":\"web\",\"region\":\"eu\"}",
        "{\"hostname\":\"web-1\",\"os\":\"Debian 12\",\"kernel\":\"6.1.0\",\"architecture\":\"amd64\",\"addresses\":[\"10.0.0.5\"]}",
        "[{\"name\":\"firewall\",\"version\":\"1.0.0\",\"state\":\"active\",\"message\":null},"
            + "{\"name\":\"host-metrics\",\"version\":\"0.1.0\",\"state\":\"active\",\"message\":\"ok\",\"metrics\":{\"load1\":0.5}}]"), now, json);

    assertThat(view.labels()).containsExactly(java.util.Map.entry("region", "eu"), java.util.Map.entry("tier", "web"));
    assertThat(view.facts()).isEqualTo(new HostView.Facts("web-1", "Debian 12", "6.1.0", "amd64", List.of("10.0.0.5")));
    assertThat(view.modules()).containsExactly(new HostView.Module("firewall", "1.0.0", "active", null, null),
        new HostView.Module("host-metrics", "0.1.0", "active", "ok", java.util.Map.of("load1", 0.5)));
    assertThat(view.session()).isEqualTo(new HostView.Session("replica-a", now.minusSeconds(60), "10.0.0.1:5000"));
    assertThat(view.state()).isEqualTo(HostState.MANAGED);
  }

  @Test
  void factsFromANewerAgentWithUnknownFieldsAreStillShown() {
    HostView view = HostView.of(host("{}", "{\"hostname\":\"web-1\",\"gpu\":\"none\"}", null), now, json);
    assertThat(view.facts().hostname()).isEqualTo("web-1");
    assertThat(view.modules()).isNull();
  }

  @Test
  void factsInAnUnexpectedShapeAreShownAsNullRatherThanFailingTheList() {
    HostView view = HostView.of(host("{}", "[1,2,3]", "{\"not\":\"a list\"}"), now, json);
    assertThat(view.facts()).isNull();
    assertThat(view.modules()).isNull();
  }

  private Host host(String labels, String facts, String modules) {
    UUID id = UUID.randomUUID();
    return new Host(id, UUID.randomUUID(), UUID.randomUUID(), "web-1", "MANAGED", labels, "1.2.3", 1, facts, modules, 42L,
        now.minusSeconds(3600), now.minusSeconds(3600), null, now, null, null,
        new AgentSession(id, UUID.randomUUID(), "replica-a", "10.0.0.1:5000", now.minusSeconds(60)));
  }
}
