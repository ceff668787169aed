package dev.loopback.activities.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.db.tokens.AgentToken;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AgentTokenViewTest {

  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final Instant LATER = NOW.plusSeconds(3600);
  private static final Instant EARLIER = NOW.minusSeconds(3600);

  @Test
  void unrevokedUnexpiredTokenWithUsesLeftIsActive() {
    assertThat(AgentTokenView.stateOf(token(LATER, 5, 4, null), NOW)).isEqualTo(TokenState.ACTIVE);
  }

  @Test
  void revokedWinsOverExpired() {
    assertThat(AgentTokenView.stateOf(token(EARLIER, null, 0, EARLIER), NOW)).isEqualTo(TokenState.REVOKED);
  }

  @Test
  void revokedWinsOverExpiredAndExhaustedTogether() {
    assertThat(AgentTokenView.stateOf(token(EARLIER, 3, 3, EARLIER), NOW)).isEqualTo(TokenState.REVOKED);
  }

  @Test
  void revokedWinsOverExhausted() {
    assertThat(AgentTokenView.stateOf(token(LATER, 1, 1, EARLIER), NOW)).isEqualTo(TokenState.REVOKED);
  }

  @Test
  void expiredWinsOverExhausted() {
    assertThat(AgentTokenView.stateOf(token(EARLIER, 3, 3, null), NOW)).isEqualTo(TokenState.EXPIRED);
  }

  @Test
  void tokenExpiringExactlyNowIsExpired() {
    // Matches the redeem UPDATE, which only counts a use while expires_at > now.
    assertThat(AgentTokenView.stateOf(token(NOW, null, 0, null), NOW)).isEqualTo(TokenState.EXPIRED);
  }

  @Test
  void tokenExpiringOneMicrosecondFromNowIsStillActive() {
    assertThat(AgentTokenView.stateOf(token(NOW.plus(1, ChronoUnit.MICROS), null, 0, null), NOW))
        .isEqualTo(TokenState.ACTIVE);
  }

  @Test
  void tokenUsedAsOftenAsAllowedIsExhausted() {
    assertThat(AgentTokenView.stateOf(token(LATER, 3, 3, null), NOW)).isEqualTo(TokenState.EXHAUSTED);
  }

  @Test
  void singleUseTokenIsExhaustedAfterOneUse() {
    assertThat(AgentTokenView.stateOf(token(LATER, 1, 1, null), NOW)).isEqualTo(TokenState.EXHAUSTED);
  }

  @Test
  void tokenWithOneUseLeftIsActive() {
    assertThat(AgentTokenView.stateOf(token(LATER, 3, 2, null), NOW)).isEqualTo(TokenState.ACTIVE);
  }

  @Test
  void tokenWithoutAUseLimitIsNeverExhausted() {
    assertThat(AgentTokenView.stateOf(token(LATER, null, Integer.MAX_VALUE, null), NOW)).isEqualTo(TokenState.ACTIVE);
  }

  private static AgentToken token(Instant expiresAt, Integer maxUses, int uses, Instant revokedAt) {
    return new AgentToken(
        UUID.fromString("00000000-0000-0000-0000-000000000001"),
        UUID.fromString("00000000-0000-0000-0000-000000000002"),
        "a1B2c3D4e5F6",
        new byte[32],
        "",
        "short-lived",
        EARLIER.minusSeconds(60),
        "user:ada",
        expiresAt,
        maxUses,
        uses,
        null,
        revokedAt,
        revokedAt == null ? null : "user:ada",
        null,
        null,
        null);
  }
}
