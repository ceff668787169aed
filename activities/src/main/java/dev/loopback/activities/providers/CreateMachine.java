package dev.loopback.activities.providers;

import java.util.Objects;
import java.util.UUID;

/**
 * What to create.
 *
 * @param hostId the host the machine is for; {@link ComputeProvider#create} is idempotent per host id
 * @param name a display name; providers may use it as the machine's hostname when it is a valid one
 * @param spec provider-specific size or image (e.g. a server type); {@code null} or blank for the
 *     provider's default
 * @param userData a POSIX sh script the machine runs once as root at first boot, like cloud-init's
 *     user data. It holds an install token: never log it, and keep it out of {@link #toString()}.
 */
public record CreateMachine(UUID hostId, String name, String spec, String userData) {

  public CreateMachine {
    Objects.requireNonNull(hostId, "hostId");
    name = name == null ? "" : name;
    spec = spec == null ? "" : spec;
    userData = userData == null ? "" : userData;
  }

  @Override
  public String toString() {
    return "CreateMachine[hostId=" + hostId + ", name=" + name + ", spec=" + spec
        + ", userData=(" + userData.length() + " chars)]";
  }
}
