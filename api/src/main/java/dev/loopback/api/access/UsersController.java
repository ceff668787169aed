package dev.loopback.api.access;

import dev.loopback.activities.access.ApiKeyView;
import dev.loopback.activities.access.ApiKeys;
import dev.loopback.activities.access.Capability;
import dev.loopback.activities.access.CreatedApiKey;
import dev.loopback.activities.access.Directory;
import dev.loopback.db.tenancy.UserAccount;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Users of the caller's organization and their API keys (organization-wide {@code members:manage}). */
@RestController
class UsersController {

  private final Directory directory;
  private final ApiKeys apiKeys;

  UsersController(Directory directory, ApiKeys apiKeys) {
    this.directory = directory;
    this.apiKeys = apiKeys;
  }

  record CreateUserRequest(@NotNull(message = "name is required") String name) {}

  record UserResponse(UUID id, String name, Instant createdAt) {
    static UserResponse of(UserAccount u) {
      return new UserResponse(u.id(), u.name(), u.createdAt());
    }
  }

  /** @param expiresIn ISO-8601 duration, e.g. {@code P30D}; absent for a key without expiry */
  record CreateApiKeyRequest(String description, Duration expiresIn) {}

  @Requires(Capability.MEMBERS_MANAGE)
  @GetMapping("/api/v1/users")
  List<UserResponse> list(RequestAccess access) {
    return directory.users(access.caller().organizationId()).stream().map(UserResponse::of).toList();
  }

  @Requires(Capability.MEMBERS_MANAGE)
  @PostMapping("/api/v1/users")
  @ResponseStatus(HttpStatus.CREATED)
  UserResponse create(RequestAccess access, @Valid @RequestBody CreateUserRequest request) {
    return UserResponse.of(directory.createUser(access.caller().organizationId(), request.name(), access.actor()));
  }

  @Requires(Capability.MEMBERS_MANAGE)
  @GetMapping("/api/v1/users/{userId}/api-keys")
  List<ApiKeyView> keys(RequestAccess access, @PathVariable UUID userId) {
    return apiKeys.list(access.caller().organizationId(), userId);
  }

  /** The response is the only time the key's secret is shown. */
  @Requires(Capability.MEMBERS_MANAGE)
  @PostMapping("/api/v1/users/{userId}/api-keys")
  @ResponseStatus(HttpStatus.CREATED)
  CreatedApiKey createKey(RequestAccess access, @PathVariable UUID userId, @RequestBody CreateApiKeyRequest request) {
    return apiKeys.create(access.caller().organizationId(), userId, request.description(), request.expiresIn(), access.actor());
  }

  @Requires(Capability.MEMBERS_MANAGE)
  @PostMapping("/api/v1/users/{userId}/api-keys/{keyId}/revoke")
  ApiKeyView revokeKey(RequestAccess access, @PathVariable UUID userId, @PathVariable UUID keyId) {
    return apiKeys.revoke(access.caller().organizationId(), userId, keyId, access.actor());
  }
}
