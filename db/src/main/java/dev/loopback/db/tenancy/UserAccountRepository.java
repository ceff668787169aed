package dev.loopback.db.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.ListCrudRepository;

public interface UserAccountRepository extends ListCrudRepository<UserAccount, UUID> {

  List<UserAccount> findByOrganizationIdOrderByName(UUID organizationId);

  Optional<UserAccount> findByOrganizationIdAndName(UUID organizationId, String name);
}
