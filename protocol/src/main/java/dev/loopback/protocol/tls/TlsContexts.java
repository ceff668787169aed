package dev.loopback.protocol.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The three TLS contexts of the agent channel, all TLS 1.3 only, on the JDK provider (Netty's
 * OpenSSL binding is not available on every host we run on).
 */
public final class TlsContexts {
  public static final String TLS_1_3 = "TLSv1.3";

  private TlsContexts() {
  }

  /**
   * The gateway: client certificates are optional at the TLS layer because first join has none yet;
   * the gateway's handler allows only enrollment on a channel without one, and only a session on a
   * channel with one signed by our CA.
   */
  public static SslContext gateway(PrivateKey key, List<X509Certificate> chain, X509Certificate ca) throws SSLException {
    return SslContextBuilder.forServer(new FixedKeyManager(key, chain))
        .sslProvider(SslProvider.JDK)
        .protocols(TLS_1_3)
        .clientAuth(ClientAuth.OPTIONAL)
        .trustManager(ca)
        .build();
  }

  /** An agent before it has an identity: server authentication only. */
  public static SslContext enrollment(ServerTrust trust) throws SSLException {
    return SslContextBuilder.forClient()
        .sslProvider(SslProvider.JDK)
        .protocols(TLS_1_3)
        .trustManager(trust.trustManager())
        .build();
  }

  /** An enrolled agent: mutual TLS with its own certificate. */
  public static SslContext mutual(PrivateKey key, X509Certificate certificate, ServerTrust trust) throws SSLException {
    return SslContextBuilder.forClient()
        .sslProvider(SslProvider.JDK)
        .protocols(TLS_1_3)
        .keyManager(new FixedKeyManager(key, List.of(certificate)))
        .trustManager(trust.trustManager())
        .build();
  }
}
