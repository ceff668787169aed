package dev.loopback.protocol.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server whose chain ends in the CA certificate with a pinned SHA-256 fingerprint — the
 * first-join trust an install command can carry in one short string. The chain is then validated
 * by the JDK's PKIX trust manager with that CA as the only anchor, including the hostname check,
 * so a pin never weakens validation, it only says which CA to use.
 */
final class PinnedCaTrustManager extends X509ExtendedTrustManager {
  private final String pin;

  PinnedCaTrustManager(String sha256) {
    this.pin = Fingerprints.normalise(sha256);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    anchoredAtPin(chain).checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    anchoredAtPin(chain).checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    anchoredAtPin(chain).checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    throw new CertificateException("an agent does not accept clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    throw new CertificateException("an agent does not accept clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("an agent does not accept clients");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  private X509ExtendedTrustManager anchoredAtPin(X509Certificate[] chain) throws CertificateException {
    for (X509Certificate certificate : chain) {
      if (Fingerprints.sha256(certificate).equals(pin)) {
        return trusting(certificate);
      }
    }
    throw new CertificateException("the server's chain does not contain the pinned CA " + pin);
  }

  static X509ExtendedTrustManager trusting(X509Certificate ca) throws CertificateException {
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      anchors.setCertificateEntry("loopback-ca", ca);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      for (var manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager extended) {
          return extended;
        }
      }
      throw new CertificateException("no X509 trust manager in this JDK");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new CertificateException("cannot build a trust manager for the CA: " + e.getMessage(), e);
    }
  }

}
