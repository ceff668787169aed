package dev.loopback.db.tenancy;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface RoleBindingRepository extends ListCrudRepository<RoleBinding, UUID> {

  List<RoleBinding> findByUserId(UUID userId);

  List<RoleBinding> findByWorkspaceIdOrderByCreatedAt(UUID workspaceId);

  @Query("SELECT * FROM role_bindings WHERE organization_id = :organizationId AND workspace_id IS NULL ORDER BY created_at")
  List<RoleBinding> findOrganizationWide(UUID organizationId);

  @Modifying
  @Query("UPDATE role_bindings SET role = :role WHERE id = :id")
  int changeRole(UUID id, String role);

  @Modifying
  @Query("DELETE FROM role_bindings WHERE id = :id")
  int remove(UUID id);
}
