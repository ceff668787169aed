package dev.loopback.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.audit.ChainVerification;
import dev.loopback.api.ApiTest;
import dev.loopback.db.audit.AuditEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Each test has its own organization, so tampering with one chain leaves the others intact. */
@ApiTest
class AuditChainTamperTest {

  @Autowired AuditLog audit;
  @Autowired JdbcClient jdbc;

  private UUID organization;
  private final List<AuditEvent> events = new ArrayList<>();

  @BeforeEach
  void organizationWithFiveEvents() {
    organization = UUID.randomUUID();
    jdbc.sql("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, now())").params(organization, "org-" + organization).update();
    for (int i = 0; i < 5; i++) {
      events.add(audit.append(new Actor("user:test", "req-" + i),
          AuditEntry.success(organization, null, "test.event", "thing:" + i, "detail " + i)));
    }
  }

  @Test
  void untouchedChainVerifies() {
    ChainVerification result = audit.verify(organization);
    assertThat(result.intact()).isTrue();
    assertThat(result.eventsChecked()).isEqualTo(5);
    assertThat(result.headHash()).isEqualTo(events.get(4).hash());
  }

  @Test
  void databaseRefusesUpdateDeleteAndTruncate() {
    long seq = events.get(2).seq();
    assertThatThrownBy(() -> jdbc.sql("UPDATE audit_events SET detail = 'x' WHERE seq = ?").param(seq).update())
        .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_events WHERE seq = ?").param(seq).update())
        .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("TRUNCATE audit_events").update())
        .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
    assertThat(audit.verify(organization).intact()).isTrue();
  }

  @Test
  void rowChangedBehindTheTriggersBackIsReportedAsTheFirstBrokenLink() {
    AuditEvent target = events.get(2);
    withTriggerDisabled("UPDATE audit_events SET actor = 'user:someone-else' WHERE seq = " + target.seq());

    ChainVerification result = audit.verify(organization);

    assertThat(result.intact()).isFalse();
    assertThat(result.eventsChecked()).isEqualTo(2);
    assertThat(result.firstBrokenLink().seq()).isEqualTo(target.seq());
    assertThat(result.firstBrokenLink().eventId()).isEqualTo(target.id());
    assertThat(result.firstBrokenLink().reason()).contains("contents");
  }

  @Test
  void deletedEventIsReportedAtTheEventAfterTheGap() {
    withTriggerDisabled("DELETE FROM audit_events WHERE seq = " + events.get(1).seq());

    ChainVerification result = audit.verify(organization);

    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenLink().seq()).isEqualTo(events.get(2).seq());
    assertThat(result.firstBrokenLink().reason()).contains("prev_hash");
  }

  @Test
  void rewrittenEventWithARecomputedOwnHashStillBreaksTheNextLink() {
    // A forger who recomputes the changed row's hash must also rewrite every later row.
    AuditEvent target = events.get(3);
    withTriggerDisabled("UPDATE audit_events SET hash = repeat('a', 64) WHERE seq = " + target.seq());

    ChainVerification result = audit.verify(organization);

    assertThat(result.firstBrokenLink().seq()).isEqualTo(target.seq());
  }

  @Test
  void appendsAfterTamperingDoNotHideIt() {
    withTriggerDisabled("UPDATE audit_events SET detail = 'edited' WHERE seq = " + events.get(0).seq());
    audit.append(new Actor("user:test", "later"), AuditEntry.success(organization, null, "test.event", "later", ""));

    assertThat(audit.verify(organization).firstBrokenLink().seq()).isEqualTo(events.get(0).seq());
  }

  private void withTriggerDisabled(String tamper) {
    jdbc.sql("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only").update();
    try {
      jdbc.sql(tamper).update();
    } finally {
      jdbc.sql("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only").update();
    }
  }
}
