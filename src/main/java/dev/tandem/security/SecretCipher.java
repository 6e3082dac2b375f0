package dev.tandem.security;

import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.encrypt.Encryptors;
import org.springframework.security.crypto.encrypt.TextEncryptor;
import org.springframework.stereotype.Component;

/**
 * Secrets at rest: AES-256-GCM (Spring Security's {@code Encryptors.delux}, a random IV per value)
 * under the master key. Every secret Tandem keeps in its database goes through it: client secrets
 * (recoverable, not only comparable, because a Heketi JWT is an HMAC keyed with the client's
 * secret), the generated bootstrap admin secret and the platform's keys (Heketi's JWT keys and the SSH
 * private keys). The key comes from {@link MasterKey}; {@link StoredSecrets} checks at start that it is
 * the key the database's secrets were stored under.
 */
@Component
public class SecretCipher {

  private static final String SALT = "74616e64656d2d636c69656e7473"; // hex: "tandem-clients"

  private final TextEncryptor encryptor;

  @Autowired
  SecretCipher(SecurityProperties properties, DataSource dataSource) {
    this(MasterKey.resolve(properties, MasterKey.isPostgres(dataSource)));
  }

  SecretCipher(String masterKey) {
    this.encryptor = Encryptors.delux(masterKey, SALT);
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
