package dev.loopback.protocol.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509ExtendedTrustManager;

/** How an agent decides the control plane is genuine: a known CA certificate, or a pinned CA fingerprint on first join. */
public sealed interface ServerTrust {
  X509ExtendedTrustManager trustManager();

  static ServerTrust ca(X509Certificate ca) {
    return new Ca(ca);
  }

  static ServerTrust pinned(String sha256) {
    return new Pinned(Fingerprints.normalise(sha256));
  }

  record Ca(X509Certificate ca) implements ServerTrust {
    @Override
    public X509ExtendedTrustManager trustManager() {
      try {
        return PinnedCaTrustManager.trusting(ca);
      } catch (CertificateException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  record Pinned(String sha256) implements ServerTrust {
    @Override
    public X509ExtendedTrustManager trustManager() {
      return new PinnedCaTrustManager(sha256);
    }
  }
}
