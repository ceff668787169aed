package dev.loopback.activities.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.activities.errors.InvalidFieldException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostCursorTest {

  @Test
  void roundTripsCreatedAtToTheMicrosecondAndTheId() {
    HostCursor cursor = new HostCursor(Instant.parse("2024-05-01T12:00:00.000001Z"), UUID.randomUUID());
    assertThat(HostCursor.parse("after", cursor.encode())).isEqualTo(cursor);
  }

  @Test
  void encodedCursorIsUrlSafe() {
    HostCursor cursor = new HostCursor(Instant.parse("2024-05-01T12:00:00.999999Z"), UUID.randomUUID());
    assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "%%%", "AAAA", "bm90LWEtY3Vyc29y"})
  void garbageIsRefusedNamingTheParameter(String encoded) {
    assertThatThrownBy(() -> HostCursor.parse("after", encoded))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("after"));
  }

  @Test
  void wellEncodedCursorWithABadIdIsRefused() {
    String encoded = Base64.getUrlEncoder().encodeToString("2024-05-01T12:00:00Z/not-a-uuid".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> HostCursor.parse("after", encoded)).isInstanceOf(InvalidFieldException.class);
  }
}
