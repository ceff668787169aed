package dev.loopback.db.audit;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/** Append and read only: there is deliberately no update or delete here (nor in the database). */
public interface AuditEventRepository extends Repository<AuditEvent, Long> {

  @Query("SELECT * FROM audit_events WHERE organization_id = :organizationId ORDER BY seq DESC LIMIT 1")
  Optional<AuditEvent> findChainHead(UUID organizationId);

  @Query("SELECT * FROM audit_events WHERE organization_id = :organizationId AND seq > :afterSeq ORDER BY seq LIMIT :limit")
  List<AuditEvent> findChainPage(UUID organizationId, long afterSeq, int limit);

  @Query("""
      SELECT * FROM audit_events
      WHERE organization_id = :organizationId
        AND (CAST(:workspaceId AS uuid) IS NULL OR workspace_id = :workspaceId)
        AND seq < :beforeSeq
      ORDER BY seq DESC LIMIT :limit""")
  List<AuditEvent> findNewestFirst(UUID organizationId, UUID workspaceId, long beforeSeq, int limit);

  /** Serialises appends to one organization's chain until the surrounding transaction ends. */
  @Query("SELECT pg_advisory_xact_lock(hashtextextended(CAST(:organizationId AS text), 42)) IS NOT NULL")
  boolean lockChain(UUID organizationId);
}
