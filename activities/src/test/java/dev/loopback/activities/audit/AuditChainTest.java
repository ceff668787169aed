package dev.loopback.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.db.audit.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuditChainTest {

  private static final Instant AT = Instant.parse("2024-05-01T12:34:56.123456Z");

  @Test
  void hashesTheSameEventToTheSameValueEveryTime() {
    assertThat(AuditChain.hash(base().build())).isEqualTo(AuditChain.hash(base().build()));
  }

  @Test
  void hashIsSha256OfTheLengthPrefixedFieldsAsLowercaseHex() throws Exception {
    // Pins the canonical form: every stored chain was hashed with it, so changing it by accident
    // would make every existing chain fail verification.
    String canonical = "36:11111111-1111-1111-1111-111111111111;"
        + "36:22222222-2222-2222-2222-222222222222;"
        + "36:33333333-3333-3333-3333-333333333333;"
        + "16:1714566896123456;"
        + "8:user:ada;"
        + "10:token.mint;"
        + "13:agent-token:1;"
        + "5:req-1;"
        + "7:SUCCESS;"
        + "8:ttl=PT1H;"
        + "64:" + "0".repeat(64) + ";";
    String expected = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));

    assertThat(AuditChain.hash(base().build())).isEqualTo(expected).matches("[0-9a-f]{64}");
  }

  @Test
  void genesisIsSixtyFourZeros() {
    assertThat(AuditChain.GENESIS).isEqualTo("0".repeat(64));
  }

  static Stream<Arguments> singleFieldChanges() {
    return Stream.of(
        change("id", e -> e.id = UUID.fromString("11111111-1111-1111-1111-111111111112")),
        change("organizationId", e -> e.organizationId = UUID.fromString("22222222-2222-2222-2222-222222222223")),
        change("workspaceId", e -> e.workspaceId = UUID.fromString("33333333-3333-3333-3333-333333333334")),
        change("occurredAt", e -> e.occurredAt = AT.plusSeconds(1)),
        change("actor", e -> e.actor = "user:bob"),
        change("action", e -> e.action = "token.revoke"),
        change("target", e -> e.target = "agent-token:2"),
        change("requestId", e -> e.requestId = "req-2"),
        change("outcome", e -> e.outcome = "DENIED"),
        change("detail", e -> e.detail = "ttl=PT2H"),
        change("prevHash", e -> e.prevHash = "0".repeat(63) + "1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleFieldChanges")
  void changingAnySingleFieldChangesTheHash(String field, Consumer<Event> change) {
    Event changed = base();
    change.accept(changed);

    assertThat(AuditChain.hash(changed.build())).isNotEqualTo(AuditChain.hash(base().build()));
  }

  static Stream<Arguments> textMovedBetweenAdjacentFields() {
    return Stream.of(
        Arguments.of("actor|action", swap(e -> { e.actor = "ab"; e.action = "c"; }, e -> { e.actor = "a"; e.action = "bc"; })),
        Arguments.of("action|target", swap(e -> { e.action = "token.mint"; e.target = "x"; }, e -> { e.action = "token.min"; e.target = "tx"; })),
        Arguments.of("target|requestId", swap(e -> { e.target = "t1"; e.requestId = ""; }, e -> { e.target = "t"; e.requestId = "1"; })),
        Arguments.of("outcome|detail", swap(e -> { e.outcome = "SUCCESS"; e.detail = ""; }, e -> { e.outcome = "SUCCES"; e.detail = "S"; })),
        Arguments.of("detail|prevHash", swap(e -> { e.detail = "d"; e.prevHash = "0".repeat(64); }, e -> { e.detail = "d0"; e.prevHash = "0".repeat(63); })),
        // Text that looks like the encoding itself must not be able to forge a field boundary.
        Arguments.of("actor|action with separators", swap(e -> { e.actor = "a;1:b"; e.action = "c"; }, e -> { e.actor = "a"; e.action = "b;1:c"; })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("textMovedBetweenAdjacentFields")
  void movingTextBetweenAdjacentFieldsChangesTheHash(String fields, Consumer<Event>[] pair) {
    Event one = base();
    pair[0].accept(one);
    Event other = base();
    pair[1].accept(other);

    assertThat(AuditChain.hash(one.build())).isNotEqualTo(AuditChain.hash(other.build()));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "00000000-0000-0000-0000-000000000000",
      "ffffffff-ffff-ffff-ffff-ffffffffffff",
      "33333333-3333-3333-3333-333333333333"})
  void anOrganizationWideEventDoesNotHashLikeAnyWorkspaceEvent(String workspaceId) {
    Event organizationWide = base();
    organizationWide.workspaceId = null;
    Event inWorkspace = base();
    inWorkspace.workspaceId = UUID.fromString(workspaceId);

    assertThat(AuditChain.hash(organizationWide.build())).isNotEqualTo(AuditChain.hash(inWorkspace.build()));
  }

  @Test
  void aMissingDetailDoesNotHashLikeAnEmptyOne() {
    Event missing = base();
    missing.detail = null;
    Event empty = base();
    empty.detail = "";

    assertThat(AuditChain.hash(missing.build())).isNotEqualTo(AuditChain.hash(empty.build()));
  }

  @Test
  void nanosecondsBelowTheMicrosecondDoNotChangeTheHash() {
    // PostgreSQL keeps microseconds, so an event read back has lost them; it must still verify.
    Event precise = base();
    precise.occurredAt = AT.plusNanos(999);
    Event readBack = base();
    readBack.occurredAt = precise.occurredAt.truncatedTo(ChronoUnit.MICROS);

    assertThat(AuditChain.hash(precise.build())).isEqualTo(AuditChain.hash(readBack.build()));
  }

  @Test
  void oneMicrosecondChangesTheHash() {
    Event later = base();
    later.occurredAt = AT.plus(1, ChronoUnit.MICROS);

    assertThat(AuditChain.hash(later.build())).isNotEqualTo(AuditChain.hash(base().build()));
  }

  @Test
  void ignoresTheSequenceNumberAndTheStoredHash() {
    // The hash is computed before the database assigns seq and before hash itself is known.
    Event stored = base();
    stored.seq = 42L;
    stored.hash = "f".repeat(64);

    assertThat(AuditChain.hash(stored.build())).isEqualTo(AuditChain.hash(base().build()));
  }

  private static Event base() {
    Event e = new Event();
    e.id = UUID.fromString("11111111-1111-1111-1111-111111111111");
    e.organizationId = UUID.fromString("22222222-2222-2222-2222-222222222222");
    e.workspaceId = UUID.fromString("33333333-3333-3333-3333-333333333333");
    e.occurredAt = AT;
    e.actor = "user:ada";
    e.action = "token.mint";
    e.target = "agent-token:1";
    e.requestId = "req-1";
    e.outcome = "SUCCESS";
    e.detail = "ttl=PT1H";
    e.prevHash = AuditChain.GENESIS;
    return e;
  }

  private static Arguments change(String field, Consumer<Event> change) {
    return Arguments.of(field, change);
  }

  @SuppressWarnings("unchecked")
  private static Consumer<Event>[] swap(Consumer<Event> one, Consumer<Event> other) {
    return new Consumer[] {one, other};
  }

  /** Mutable stand-in for the record so each case states only the field it changes. */
  static final class Event {
    Long seq;
    UUID id;
    UUID organizationId;
    UUID workspaceId;
    Instant occurredAt;
    String actor;
    String action;
    String target;
    String requestId;
    String outcome;
    String detail;
    String prevHash;
    String hash;

    AuditEvent build() {
      return new AuditEvent(seq, id, organizationId, workspaceId, occurredAt, actor, action, target, requestId,
          outcome, detail, prevHash, hash);
    }
  }
}
