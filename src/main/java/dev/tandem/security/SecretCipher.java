package dev.tandem.security;

import org.springframework.security.crypto.encrypt.Encryptors;
import org.springframework.security.crypto.encrypt.TextEncryptor;
import org.springframework.stereotype.Component;

/**
 * Secrets at rest: AES-256-GCM (Spring Security's {@code Encryptors.delux}, a random IV per value)
 * under the master key. Every secret Tandem keeps in its database goes through it: client secrets
 * (recoverable, not only comparable, because a Heketi JWT is an HMAC keyed with the client's
 * secret) and the platform's keys (Heketi's JWT keys and SSH private key).
 */
@Component
public class SecretCipher {

  private static final String SALT = "74616e64656d2d636c69656e7473"; // hex: "tandem-clients"

  private final TextEncryptor encryptor;

  SecretCipher(SecurityProperties properties) {
    String key = properties.masterKey() != null && !properties.masterKey().isBlank() ? properties.masterKey()
        : Secrets.readOrGenerate(properties.dataDir().resolve("master.key"), "master key");
    this.encryptor = Encryptors.delux(key, SALT);
  }

  /** The secret encrypted under the master key, hex-encoded. */
  public String encrypt(String secret) {
    return encryptor.encrypt(secret);
  }

  /** The secret back; fails when the value was encrypted under another master key. */
  public String decrypt(String encrypted) {
    return encryptor.decrypt(encrypted);
  }
}
