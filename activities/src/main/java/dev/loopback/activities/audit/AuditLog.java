package dev.loopback.activities.audit;

import dev.loopback.db.audit.AuditEvent;
import dev.loopback.db.audit.AuditEventRepository;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class AuditLog {

  private static final int VERIFY_PAGE = 1_000;

  private final AuditEventRepository events;
  private final JdbcAggregateTemplate template;
  private final Clock clock;

  AuditLog(AuditEventRepository events, JdbcAggregateTemplate template, Clock clock) {
    this.events = events;
    this.template = template;
    this.clock = clock;
  }

  /** Appends to the organization's chain inside the caller's transaction (or a new one). */
  @Transactional
  public AuditEvent append(Actor actor, AuditEntry entry) {
    events.lockChain(entry.organizationId());
    String prevHash = events.findChainHead(entry.organizationId()).map(AuditEvent::hash).orElse(AuditChain.GENESIS);
    AuditEvent unhashed =
        new AuditEvent(
            null,
            UUID.randomUUID(),
            entry.organizationId(),
            entry.workspaceId(),
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            actor.name(),
            entry.action(),
            entry.target(),
            actor.requestId(),
            entry.outcome().name(),
            entry.detail() == null ? "" : entry.detail(),
            prevHash,
            null);
    return template.insert(withHash(unhashed, AuditChain.hash(unhashed)));
  }

  /** Newest first; {@code workspaceId} null lists the whole organization. */
  @Transactional(readOnly = true)
  public List<AuditEvent> list(UUID organizationId, UUID workspaceId, long beforeSeq, int limit) {
    return events.findNewestFirst(organizationId, workspaceId, beforeSeq, limit);
  }

  /** Walks the chain from its first event and stops at the first event that does not verify. */
  @Transactional(readOnly = true)
  public ChainVerification verify(UUID organizationId) {
    String expectedPrev = AuditChain.GENESIS;
    long checked = 0;
    long afterSeq = 0;
    List<AuditEvent> page;
    do {
      page = events.findChainPage(organizationId, afterSeq, VERIFY_PAGE);
      for (AuditEvent event : page) {
        if (!event.prevHash().equals(expectedPrev)) {
          return broken(checked, expectedPrev, event,
              "prev_hash does not match the hash of the event before it: an event was removed, inserted or reordered");
        }
        if (!AuditChain.hash(event).equals(event.hash())) {
          return broken(checked, expectedPrev, event, "contents do not match the event's hash: the row was changed after it was written");
        }
        expectedPrev = event.hash();
        afterSeq = event.seq();
        checked++;
      }
    } while (page.size() == VERIFY_PAGE);
    return new ChainVerification(true, checked, expectedPrev, null);
  }

  private static ChainVerification broken(long checked, String lastGood, AuditEvent event, String reason) {
    return new ChainVerification(false, checked, lastGood, new ChainVerification.BrokenLink(event.seq(), event.id(), reason));
  }

  private static AuditEvent withHash(AuditEvent e, String hash) {
    return new AuditEvent(e.seq(), e.id(), e.organizationId(), e.workspaceId(), e.occurredAt(), e.actor(), e.action(),
        e.target(), e.requestId(), e.outcome(), e.detail(), e.prevHash(), hash);
  }
}
