package dev.loopback.protocol.tls;

import java.io.IOException;
import java.io.StringReader;
import java.security.KeyPair;
import java.security.PublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * PKCS#10 certificate signing requests. The subject is informational: the control plane decides the
 * certificate's subject itself and takes only the public key, after checking the request is signed
 * by the matching private key (proof of possession).
 */
public final class SigningRequests {
  private SigningRequests() {
  }

  public static String create(KeyPair keys, String subject) {
    try {
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
      var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + subject), keys.getPublic()).build(signer);
      return Pem.encode(request);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a CSR with this key", e);
    }
  }

  /** The public key of a well-formed, self-signed CSR; anything else is an {@link IllegalArgumentException} saying why. */
  public static PublicKey verifiedPublicKey(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new IllegalArgumentException("csr is missing");
    }
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object parsed = parser.readObject();
      if (!(parsed instanceof org.bouncycastle.pkcs.PKCS10CertificationRequest raw)) {
        throw new IllegalArgumentException("csr is not a PEM certificate request");
      }
      JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(raw);
      PublicKey key = request.getPublicKey();
      if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new IllegalArgumentException("csr signature does not match its public key");
      }
      if (!"EC".equals(key.getAlgorithm())) {
        throw new IllegalArgumentException("csr key must be EC P-256, not " + key.getAlgorithm());
      }
      if (!KeyPairs.isP256(key)) {
        throw new IllegalArgumentException("csr key must be EC P-256, not another curve");
      }
      return key;
    } catch (IOException | RuntimeException | OperatorCreationException | PKCSException | java.security.GeneralSecurityException e) {
      if (e instanceof IllegalArgumentException known) {
        throw known;
      }
      throw new IllegalArgumentException("csr is not readable: " + e.getMessage(), e);
    }
  }
}
