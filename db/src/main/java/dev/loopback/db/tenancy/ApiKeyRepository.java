package dev.loopback.db.tenancy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface ApiKeyRepository extends ListCrudRepository<ApiKey, UUID> {

  Optional<ApiKey> findByLookup(String lookup);

  List<ApiKey> findByUserIdOrderByCreatedAt(UUID userId);

  /** @return 1 if the key was active and is now revoked, 0 if it was already revoked */
  @Modifying
  @Query("UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
  int revoke(UUID id, Instant at);
}
