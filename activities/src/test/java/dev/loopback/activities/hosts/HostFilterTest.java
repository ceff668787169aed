package dev.loopback.activities.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.activities.errors.InvalidFieldException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostFilterTest {

  @Test
  void noParametersMeanEveryHostFirstPageOfOneHundred() {
    HostFilter filter = HostFilter.parse(null, null, null, null, null);
    assertThat(filter).isEqualTo(HostFilter.all());
    assertThat(filter.states()).isEmpty();
    assertThat(filter.agentVersion()).isNull();
    assertThat(filter.labels()).isEmpty();
    assertThat(filter.limit()).isEqualTo(100);
    assertThat(filter.after()).isNull();
  }

  @Test
  void parsesEveryCriterion() {
    HostCursor cursor = new HostCursor(Instant.parse("2024-05-01T12:00:00.123456Z"), UUID.randomUUID());
    HostFilter filter = HostFilter.parse(List.of("CONNECTED", "MANAGED"), "1.2.3",
        List.of("region=eu-west", "tier=web", "example.com/empty="), 50, cursor.encode());

    assertThat(filter.states()).containsExactlyInAnyOrder(HostState.CONNECTED, HostState.MANAGED);
    assertThat(filter.agentVersion()).isEqualTo("1.2.3");
    assertThat(filter.labels()).containsExactly(Map.entry("example.com/empty", ""), Map.entry("region", "eu-west"), Map.entry("tier", "web"));
    assertThat(filter.limit()).isEqualTo(50);
    assertThat(filter.after()).isEqualTo(cursor);
  }

  @Test
  void labelValueMayContainNothingAfterTheFirstEqualsSign() {
    assertThat(HostFilter.parse(null, null, List.of("tier="), null, null).labels()).containsEntry("tier", "");
  }

  @ParameterizedTest
  @ValueSource(strings = {"connected", "ONLINE", "", "MANAGED,"})
  void unknownStateNamesAreRefusedNamingState(String state) {
    assertRefused("state", () -> HostFilter.parse(List.of(state), null, null, null, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"region", "=eu-west", "region:eu-west", "-bad=x", "region=eu west", "region=a=b"})
  void labelsNotInKeyEqualsValueFormAreRefusedNamingLabel(String label) {
    assertRefused("label", () -> HostFilter.parse(null, null, List.of(label), null, null));
  }

  @Test
  void sameLabelKeyWithTwoValuesIsRefusedBecauseNoHostCouldMatch() {
    assertRefused("label", () -> HostFilter.parse(null, null, List.of("region=eu", "region=us"), null, null));
    assertThat(HostFilter.parse(null, null, List.of("region=eu", "region=eu"), null, null).labels()).containsOnlyKeys("region");
  }

  @Test
  void moreLabelsThanAnyHostCanHaveAreRefused() {
    List<String> labels = IntStream.rangeClosed(0, HostLabels.MAX_LABELS).mapToObj(i -> "k" + i + "=v").toList();
    assertRefused("label", () -> HostFilter.parse(null, null, labels, null, null));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 1001, Integer.MAX_VALUE})
  void limitOutsideOneToOneThousandIsRefusedNamingLimit(int limit) {
    assertRefused("limit", () -> HostFilter.parse(null, null, null, limit, null));
  }

  @Test
  void limitOfOneAndOneThousandAreAccepted() {
    assertThat(HostFilter.parse(null, null, null, 1, null).limit()).isEqualTo(1);
    assertThat(HostFilter.parse(null, null, null, 1000, null).limit()).isEqualTo(1000);
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "\t"})
  void blankVersionIsRefusedNamingVersion(String version) {
    assertRefused("version", () -> HostFilter.parse(null, version, null, null, null));
  }

  @Test
  void cursorThatThisApiDidNotIssueIsRefusedNamingAfter() {
    assertRefused("after", () -> HostFilter.parse(null, null, null, null, "not a cursor!"));
  }

  @Test
  void emptyAfterMeansTheFirstPage() {
    assertThat(HostFilter.parse(null, null, null, null, "").after()).isNull();
  }

  private static void assertRefused(String field, Runnable parse) {
    assertThatThrownBy(parse::run)
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
