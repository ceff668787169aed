package dev.loopback.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolVersionTest {

  @Test
  void acceptsTheOldestAcceptedAndTheCurrentVersion() {
    assertThat(ProtocolVersion.isAccepted(ProtocolVersion.OLDEST_ACCEPTED)).isTrue();
    assertThat(ProtocolVersion.isAccepted(ProtocolVersion.CURRENT)).isTrue();
  }

  @Test
  void acceptsEveryVersionBetweenTheOldestAcceptedAndTheCurrent() {
    for (int version = ProtocolVersion.OLDEST_ACCEPTED; version <= ProtocolVersion.CURRENT; version++) {
      assertThat(ProtocolVersion.isAccepted(version)).as("version %d", version).isTrue();
    }
  }

  @Test
  void refusesAnAgentOlderThanTheOldestAccepted() {
    assertThat(ProtocolVersion.isAccepted(ProtocolVersion.OLDEST_ACCEPTED - 1)).isFalse();
    assertThat(ProtocolVersion.isAccepted(0)).isFalse();
    assertThat(ProtocolVersion.isAccepted(Integer.MIN_VALUE)).isFalse();
  }

  @Test
  void refusesAnAgentNewerThanTheCurrentVersion() {
    assertThat(ProtocolVersion.isAccepted(ProtocolVersion.CURRENT + 1)).isFalse();
    assertThat(ProtocolVersion.isAccepted(Integer.MAX_VALUE)).isFalse();
  }

  @Test
  void neverRaisesTheOldestAcceptedAboveTheCurrentVersion() {
    // Otherwise no agent, not even one built from this commit, could join.
    assertThat(ProtocolVersion.OLDEST_ACCEPTED).isPositive().isLessThanOrEqualTo(ProtocolVersion.CURRENT);
  }

  @Test
  void namesTheSingleAcceptedVersionInRefusals() {
    // Literal on purpose: this text reaches agents in UNSUPPORTED_PROTOCOL refusals. When CURRENT is
    // raised while the older version is still accepted, the expected text becomes "1..2".
    assertThat(ProtocolVersion.acceptedRange()).isEqualTo("1");
  }
}
