package dev.loopback.activities.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.activities.errors.InvalidFieldException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostLabelsTest {

  @ParameterizedTest
  @ValueSource(strings = {"region", "a", "Tier_2", "app.kubernetes.io/name", "loopback.dev/rack-7", "x/y", "a.b-c_d"})
  void acceptsKubernetesStyleKeys(String key) {
    assertThat(HostLabels.validated(Map.of(key, "v"))).containsEntry(key, "v");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-region", "region-", "re gion", "région", "/name", "prefix/", "Upper.Case/name",
      "a/b/c", "-bad.prefix/name", "bad_prefix/name"})
  void refusesMalformedKeysNamingTheKey(String key) {
    assertThatThrownBy(() -> HostLabels.validated(Map.of(key, "v")))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("labels." + key));
  }

  @Test
  void keyNameMayBe63CharactersButNot64() {
    assertThat(HostLabels.validated(Map.of("a".repeat(63), ""))).hasSize(1);
    assertThatThrownBy(() -> HostLabels.validated(Map.of("a".repeat(64), ""))).isInstanceOf(InvalidFieldException.class);
  }

  @Test
  void prefixMayBe253CharactersButNot254() {
    String prefix253 = ("a".repeat(62) + ".").repeat(4) + "a";
    assertThat(prefix253).hasSize(253);
    assertThat(HostLabels.validated(Map.of(prefix253 + "/name", ""))).hasSize(1);
    assertThatThrownBy(() -> HostLabels.validated(Map.of("a" + prefix253 + "/name", ""))).isInstanceOf(InvalidFieldException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "eu-west", "v1.2.3", "A_b"})
  void acceptsEmptyOrNameLikeValues(String value) {
    assertThat(HostLabels.validated(Map.of("k", value))).containsEntry("k", value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-eu", "eu-", "eu west", "a/b", "a=b", "ü"})
  void refusesMalformedValuesNamingTheKey(String value) {
    assertThatThrownBy(() -> HostLabels.validated(Map.of("region", value)))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("labels.region"));
  }

  @Test
  void valueMayBe63CharactersButNot64() {
    assertThat(HostLabels.validated(Map.of("k", "v".repeat(63)))).hasSize(1);
    assertThatThrownBy(() -> HostLabels.validated(Map.of("k", "v".repeat(64))))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("labels.k"));
  }

  @Test
  void nullValueIsRefusedNamingTheKey() {
    Map<String, String> labels = new HashMap<>();
    labels.put("region", null);
    assertThatThrownBy(() -> HostLabels.validated(labels))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("labels.region"));
  }

  @Test
  void atMost64Labels() {
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i < 64; i++) {
      labels.put("k" + i, "v");
    }
    assertThat(HostLabels.validated(labels)).hasSize(64);
    labels.put("one-more", "v");
    assertThatThrownBy(() -> HostLabels.validated(labels))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("labels"));
  }

  @Test
  void missingLabelsAreRefusedButEmptyLabelsAreFine() {
    assertThatThrownBy(() -> HostLabels.validated(null))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("labels"));
    assertThat(HostLabels.validated(Map.of())).isEmpty();
  }

  @Test
  void validatedLabelsAreSortedByKey() {
    assertThat(HostLabels.validated(Map.of("b", "2", "a", "1", "c", "3")).keySet()).containsExactly("a", "b", "c");
  }
}
