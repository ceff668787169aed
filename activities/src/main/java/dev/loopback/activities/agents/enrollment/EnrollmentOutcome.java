package dev.loopback.activities.agents.enrollment;

import dev.loopback.protocol.messages.RefusalCode;
import java.util.UUID;

/** What the gateway answers a join or a hello with. */
public sealed interface EnrollmentOutcome {
  record Enrolled(UUID hostId, UUID workspaceId, String certificatePem, String caCertificatePem) implements EnrollmentOutcome {
  }

  record Refused(RefusalCode code, String reason) implements EnrollmentOutcome {
  }
}
