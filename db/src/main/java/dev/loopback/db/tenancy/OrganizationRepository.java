package dev.loopback.db.tenancy;

import java.util.UUID;
import org.springframework.data.repository.ListCrudRepository;

public interface OrganizationRepository extends ListCrudRepository<Organization, UUID> {}
