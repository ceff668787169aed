package dev.loopback.activities.agents.identity;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import dev.loopback.protocol.tls.Pem;

/**
 * Encrypts the CA private key at rest: PKCS#8, AES-256-CBC under a PBKDF2-derived key. The database
 * holds only the ciphertext; the passphrase comes from configuration or from a 0600 file beside the
 * embedded data, so a database dump alone never yields the key.
 */
final class CaKeyProtection {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private final char[] passphrase;

  private CaKeyProtection(char[] passphrase) {
    this.passphrase = passphrase;
  }

  /** The configured passphrase, else the one in {@code file}, generated there (0600) if absent. */
  static CaKeyProtection from(String configured, Path file) {
    if (!configured.isBlank()) {
      return new CaKeyProtection(configured.toCharArray());
    }
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Base64.getEncoder().encodeToString(random));
      }
      return new CaKeyProtection(Files.readString(file).strip().toCharArray());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read or create the agent CA passphrase file " + file + ": " + e.getMessage(), e);
    }
  }

  String encrypt(PrivateKey key) {
    try {
      var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
          .setProvider(BC).setRandom(new SecureRandom()).setPassword(passphrase).build();
      return Pem.encode(new JcaPKCS8Generator(key, encryptor).generate());
    } catch (OperatorCreationException | org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new IllegalStateException("cannot encrypt the agent CA key", e);
    }
  }

  PrivateKey decrypt(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      if (!(parser.readObject() instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
        throw new IllegalStateException("the stored agent CA key is not an encrypted PKCS#8 key");
      }
      PrivateKeyInfo info = encrypted.decryptPrivateKeyInfo(
          new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (PKCSException e) {
      throw new IllegalStateException("cannot decrypt the agent CA key: the passphrase (LOOPBACK_AGENTS_CA_PASSPHRASE "
          + "or the passphrase file) is not the one it was created with", e);
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot read the stored agent CA key: " + e.getMessage(), e);
    }
  }
}
