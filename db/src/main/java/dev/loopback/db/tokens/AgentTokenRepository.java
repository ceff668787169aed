package dev.loopback.db.tokens;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface AgentTokenRepository extends ListCrudRepository<AgentToken, UUID> {

  Optional<AgentToken> findByLookup(String lookup);

  Optional<AgentToken> findByIdAndWorkspaceId(UUID id, UUID workspaceId);

  List<AgentToken> findByWorkspaceIdOrderByCreatedAtDesc(UUID workspaceId);

  @Modifying
  @Query("UPDATE agent_tokens SET revoked_at = :at, revoked_by = :by WHERE id = :id AND revoked_at IS NULL")
  int revoke(UUID id, Instant at, String by);

  /** Counts one use, only while the token is usable; 0 rows means it was not (any more). */
  @Modifying
  @Query("""
      UPDATE agent_tokens SET uses = uses + 1, last_used_at = :at
      WHERE id = :id AND revoked_at IS NULL AND expires_at > :at
        AND (max_uses IS NULL OR uses < max_uses)""")
  int consumeUse(UUID id, Instant at);

  @Query("""
      SELECT * FROM agent_tokens
      WHERE expires_at <= :asOf AND expired_at IS NULL AND revoked_at IS NULL
      ORDER BY expires_at LIMIT :limit""")
  List<AgentToken> findDueForExpiry(Instant asOf, int limit);

  @Modifying
  @Query("UPDATE agent_tokens SET expired_at = :asOf WHERE id = :id AND expired_at IS NULL AND revoked_at IS NULL")
  int markExpired(UUID id, Instant asOf);

  /** Long-lived, still usable tokens older than their workspace's rotation policy, not yet flagged. */
  @Query("""
      SELECT t.* FROM agent_tokens t JOIN workspaces w ON w.id = t.workspace_id
      WHERE t.lifetime = 'long-lived' AND t.rotation_due_at IS NULL
        AND t.revoked_at IS NULL AND t.expired_at IS NULL AND t.expires_at > :asOf
        AND t.created_at <= CAST(:asOf AS timestamptz) - make_interval(days => w.token_rotation_days)
      ORDER BY t.created_at LIMIT :limit""")
  List<AgentToken> findDueForRotation(Instant asOf, int limit);

  @Modifying
  @Query("UPDATE agent_tokens SET rotation_due_at = :asOf WHERE id = :id AND rotation_due_at IS NULL")
  int markRotationDue(UUID id, Instant asOf);
}
