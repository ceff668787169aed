package dev.loopback.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.protocol.tls.TestPki.Issued;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;

class TlsContextsTest {
  private static final String HOST = "gateway.loopback.test";
  private final TestPki pki = new TestPki("Loopback test CA");
  private final Issued gateway = pki.gateway(HOST);
  private final String pin = Fingerprints.sha256(pki.ca());

  @Test
  void anEnrollingAgentTrustsAGatewaySignedByThePinnedCa() throws Exception {
    try (TlsLink link = TlsLink.handshake(gateway(), TlsContexts.enrollment(ServerTrust.pinned(pin)), HOST)) {
      assertHandshakeSucceeded(link.clientTls);
      assertHandshakeSucceeded(link.serverTls);
      assertThat(link.clientTls.engine().getSession().getPeerCertificates()[0]).isEqualTo(gateway.certificate());
    }
  }

  @Test
  void acceptsThePinTheWayOperatorsPasteIt() throws Exception {
    String pasted = pin.toUpperCase(Locale.ROOT).replaceAll("(..)(?!$)", "$1:");

    try (TlsLink link = TlsLink.handshake(gateway(), TlsContexts.enrollment(ServerTrust.pinned(pasted)), HOST)) {
      assertHandshakeSucceeded(link.clientTls);
    }
  }

  @Test
  void negotiatesTlsOneThree() throws Exception {
    try (TlsLink link = TlsLink.handshake(gateway(), TlsContexts.enrollment(ServerTrust.pinned(pin)), HOST)) {
      assertThat(link.clientTls.engine().getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(link.serverTls.engine().getSession().getProtocol()).isEqualTo("TLSv1.3");
    }
  }

  @Test
  void theGatewayRefusesAClientThatSpeaksOnlyTlsOneTwo() throws Exception {
    SslContext oldClient = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols("TLSv1.2")
        .trustManager(pki.ca()).build();

    try (TlsLink link = TlsLink.handshake(gateway(), oldClient, HOST)) {
      assertThat(link.serverTls.handshakeFuture().cause())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("not accepted by server preferences [TLSv1.3]");
      assertThat(link.clientTls.handshakeFuture().cause()).hasMessageContaining("protocol_version");
    }
  }

  @Test
  void anAgentRefusesAGatewayThatSpeaksOnlyTlsOneTwo() throws Exception {
    SslContext oldGateway = SslContextBuilder.forServer(gateway.keys().getPrivate(), gateway.certificate(), pki.ca())
        .sslProvider(SslProvider.JDK).protocols("TLSv1.2").build();

    try (TlsLink link = TlsLink.handshake(oldGateway, TlsContexts.enrollment(ServerTrust.pinned(pin)), HOST)) {
      assertThat(link.clientTls.handshakeFuture().cause())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("protocol_version");
    }
  }

  @Test
  void anEnrollingAgentRefusesAGatewayWhoseCaDoesNotMatchThePin() throws Exception {
    String otherPin = Fingerprints.sha256(new TestPki("Some other CA").ca());

    try (TlsLink link = TlsLink.handshake(gateway(), TlsContexts.enrollment(ServerTrust.pinned(otherPin)), HOST)) {
      assertThat(link.clientTls.handshakeFuture().cause())
          .isInstanceOf(SSLHandshakeException.class)
          .hasStackTraceContaining("does not contain the pinned CA " + otherPin);
      assertThat(link.serverTls.handshakeFuture().cause()).hasMessageContaining("certificate_unknown");
    }
  }

  @Test
  void anEnrollingAgentRefusesAGatewayThatSendsThePinnedCaWithALeafItDidNotSign() throws Exception {
    // Same name as the real CA, other key: the chain looks right to anything that compares names.
    Issued impostor = new TestPki("Loopback test CA").gateway(HOST);
    SslContext impostorGateway = TlsContexts.gateway(impostor.keys().getPrivate(), List.of(impostor.certificate(), pki.ca()), pki.ca());

    try (TlsLink link = TlsLink.handshake(impostorGateway, TlsContexts.enrollment(ServerTrust.pinned(pin)), HOST)) {
      assertThat(link.clientTls.handshakeFuture().cause())
          .isInstanceOf(SSLHandshakeException.class)
          .hasStackTraceContaining("PKIX path");
    }
  }

  @Test
  void anEnrollingAgentNeedsTheGatewayToSendItsCaBecauseThePinIsLookedUpInTheChain() throws Exception {
    SslContext leafOnly = TlsContexts.gateway(gateway.keys().getPrivate(), List.of(gateway.certificate()), pki.ca());

    try (TlsLink link = TlsLink.handshake(leafOnly, TlsContexts.enrollment(ServerTrust.pinned(pin)), HOST)) {
      assertThat(link.clientTls.handshakeFuture().cause()).hasStackTraceContaining("does not contain the pinned CA");
    }
  }

  @Test
  void anAgentRefusesAGatewayWhoseCertificateDoesNotNameTheDialledHost() throws Exception {
    try (TlsLink link = TlsLink.handshake(gateway(), TlsContexts.enrollment(ServerTrust.pinned(pin)), "elsewhere.loopback.test")) {
      assertThat(link.clientTls.handshakeFuture().cause())
          .isInstanceOf(SSLHandshakeException.class)
          .hasStackTraceContaining("No subject alternative DNS name matching elsewhere.loopback.test");
    }
  }

  @Test
  void anEnrolledAgentRefusesAGatewayWhoseCertificateDoesNotNameTheDialledHost() throws Exception {
    Issued agent = pki.agent("host-1");
    SslContext mutual = TlsContexts.mutual(agent.keys().getPrivate(), agent.certificate(), ServerTrust.ca(pki.ca()));

    try (TlsLink link = TlsLink.handshake(gateway(), mutual, "elsewhere.loopback.test")) {
      assertThat(link.clientTls.handshakeFuture().cause())
          .isInstanceOf(SSLHandshakeException.class)
          .hasStackTraceContaining("No subject alternative DNS name matching elsewhere.loopback.test");
    }
  }

  @Test
  void anEnrolledAgentPresentsItsCertificateToTheGateway() throws Exception {
    Issued agent = pki.agent("host-1");
    SslContext mutual = TlsContexts.mutual(agent.keys().getPrivate(), agent.certificate(), ServerTrust.ca(pki.ca()));

    try (TlsLink link = TlsLink.handshake(gateway(), mutual, HOST)) {
      assertHandshakeSucceeded(link.serverTls);
      assertThat(link.serverTls.engine().getSession().getPeerCertificates()).containsExactly(agent.certificate());
      assertThat(link.serverTls.engine().getSession().getProtocol()).isEqualTo("TLSv1.3");
    }
  }

  @Test
  void theGatewayLetsAnAgentWithoutACertificateInForEnrollment() throws Exception {
    try (TlsLink link = TlsLink.handshake(gateway(), TlsContexts.enrollment(ServerTrust.pinned(pin)), HOST)) {
      assertHandshakeSucceeded(link.serverTls);
      assertThatThrownBy(() -> link.serverTls.engine().getSession().getPeerCertificates())
          .isInstanceOf(SSLPeerUnverifiedException.class);
    }
  }

  @Test
  void theGatewayRefusesAnAgentCertificateFromAnImpostorCaWithTheSameName() throws Exception {
    Issued stranger = new TestPki("Loopback test CA").agent("host-1");
    SslContext mutual = TlsContexts.mutual(stranger.keys().getPrivate(), stranger.certificate(), ServerTrust.ca(pki.ca()));

    try (TlsLink link = TlsLink.handshake(gateway(), mutual, HOST)) {
      assertThat(link.serverTls.handshakeFuture().cause())
          .isInstanceOf(SSLHandshakeException.class)
          .hasStackTraceContaining("PKIX path");
    }
  }

  @Test
  void theGatewayRefusesAClientCertificateFromAnotherCaAtTheHandshake() throws Exception {
    // An agent always presents its one certificate; one our CA did not sign fails the gateway's PKIX check.
    Issued stranger = new TestPki("Some other CA").agent("host-1");
    SslContext mutual = TlsContexts.mutual(stranger.keys().getPrivate(), stranger.certificate(), ServerTrust.ca(pki.ca()));

    try (TlsLink link = TlsLink.handshake(gateway(), mutual, HOST)) {
      assertThat(link.serverTls.handshakeFuture().cause())
          .isInstanceOf(SSLHandshakeException.class)
          .hasStackTraceContaining("PKIX path");
    }
  }

  @Test
  void anEnrolledAgentRefusesAGatewayFromAnotherCa() throws Exception {
    Issued agent = pki.agent("host-1");
    X509Certificate otherCa = new TestPki("Some other CA").ca();
    SslContext mutual = TlsContexts.mutual(agent.keys().getPrivate(), agent.certificate(), ServerTrust.ca(otherCa));

    try (TlsLink link = TlsLink.handshake(gateway(), mutual, HOST)) {
      assertThat(link.clientTls.handshakeFuture().cause())
          .isInstanceOf(SSLHandshakeException.class)
          .hasStackTraceContaining("PKIX path");
    }
  }

  @Test
  void refusesAMalformedPinBeforeDialling() {
    assertThatThrownBy(() -> ServerTrust.pinned("not-a-fingerprint"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 hex digits");
  }

  private static void assertHandshakeSucceeded(SslHandler tls) {
    assertThat(tls.handshakeFuture().isSuccess()).as("handshake failed: %s", tls.handshakeFuture().cause()).isTrue();
  }

  private SslContext gateway() throws Exception {
    // The chain carries the CA so that an agent holding only its pin can find it.
    return TlsContexts.gateway(gateway.keys().getPrivate(), List.of(gateway.certificate(), pki.ca()), pki.ca());
  }
}
