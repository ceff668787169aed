package dev.loopback.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FingerprintsTest {
  // Made with `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256`; the fingerprint below
  // is what `openssl x509 -noout -fingerprint -sha256` prints for it, which is what operators paste.
  private static final String OPENSSL_CERTIFICATE = """
      -----BEGIN CERTIFICATE-----
      MIIBpTCCAUugAwIBAgIUBaBxgiNh81cUmleMDjSaFttzk00wCgYIKoZIzj0EAwIw
      JzElMCMGA1UEAwwcTG9vcGJhY2sgZmluZ2VycHJpbnQgZml4dHVyZTAgFw0yNjEx
      MjIwNTQ3NDNaGA8yMTI2MTAyOTA1NDc0M1owJzElMCMGA1UEAwwcTG9vcGJhY2sg
      ZmluZ2VycHJpbnQgZml4dHVyZTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABGE7
      qZMyusOaXs/3DL/0g3zRPLNMPSdAqZArQh85qT0RKFFGX8avLirZ2u+o5NaMwVI/
      OgLrwKMurBR+8gB0IZOjUzBRMB0GA1UdDgQWBBTAxWJZ2XvCPIgkEa03oWXo16L7
      bTAfBgNVHSMEGDAWgBTAxWJZ2XvCPIgkEa03oWXo16L7bTAPBgNVHRMBAf8EBTAD
      AQH/MAoGCCqGSM49BAMCA0gAMEUCIQDgEDX9Z1w9BxPHbL0QKHGrsNrOIku/M0gi
      vcvVl7mcZgIgEXNZkseGrDCjfNT7OpxQvWm8Q3tch+80xIAsVhg7QUk=
      -----END CERTIFICATE-----
      """;
  private static final String OPENSSL_FINGERPRINT =
      "C6:B9:93:9D:F4:67:9C:42:0E:51:F3:99:F0:AF:D3:D1:94:53:E6:C5:C0:C4:E4:F0:15:36:A3:17:BA:2B:AB:EF";
  private static final String LOWERCASE_HEX = "c6b9939df4679c420e51f399f0afd3d19453e6c5c0c4e4f01536a317ba2babef";

  @Test
  void fingerprintsACertificateAsOpensslDoesInLowercaseHex() {
    assertThat(Fingerprints.sha256(Pem.certificate(OPENSSL_CERTIFICATE))).isEqualTo(LOWERCASE_HEX);
  }

  @Test
  void acceptsTheFingerprintAsOpensslPrintsIt() {
    assertThat(Fingerprints.normalise(OPENSSL_FINGERPRINT)).isEqualTo(LOWERCASE_HEX);
  }

  @Test
  void acceptsAFingerprintPastedWithSurroundingWhitespace() {
    assertThat(Fingerprints.normalise("  " + LOWERCASE_HEX.toUpperCase() + "\n")).isEqualTo(LOWERCASE_HEX);
  }

  @Test
  void leavesANormalFingerprintAsItIs() {
    assertThat(Fingerprints.normalise(LOWERCASE_HEX)).isEqualTo(LOWERCASE_HEX);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "c6b9939df4679c420e51f399f0afd3d19453e6c5c0c4e4f01536a317ba2babe",
      "c6b9939df4679c420e51f399f0afd3d19453e6c5c0c4e4f01536a317ba2babef0",
      "g6b9939df4679c420e51f399f0afd3d19453e6c5c0c4e4f01536a317ba2babef",
      "c6b9939d f4679c420e51f399f0afd3d19453e6c5c0c4e4f01536a317ba2babef",
      "SHA256:xrmTnfRnnEIOUfOZ8K/T0ZRT5sXAxOTwFTajF7orq+8="})
  void refusesWhatIsNotSixtyFourHexDigits(String pasted) {
    assertThatThrownBy(() -> Fingerprints.normalise(pasted))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a SHA-256 fingerprint is 64 hex digits, optionally with colons");
  }
}
