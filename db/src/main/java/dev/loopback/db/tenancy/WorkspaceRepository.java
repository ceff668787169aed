package dev.loopback.db.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.ListCrudRepository;

public interface WorkspaceRepository extends ListCrudRepository<Workspace, UUID> {

  List<Workspace> findByOrganizationIdOrderByName(UUID organizationId);

  Optional<Workspace> findByOrganizationIdAndName(UUID organizationId, String name);
}
