package dev.tandem.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.encrypt.Encryptors;
import org.springframework.security.crypto.encrypt.TextEncryptor;
import org.springframework.stereotype.Component;

/**
 * Client secrets at rest: AES-256-GCM (Spring Security's {@code Encryptors.delux}) under the master
 * key. Secrets must be recoverable, not only comparable, because a Heketi JWT is an HMAC keyed with
 * the client's secret.
 */
@Component
class SecretCipher {

  private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
  private static final String SALT = "74616e64656d2d636c69656e7473"; // hex: "tandem-clients"
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TextEncryptor encryptor;

  SecretCipher(SecurityProperties properties) {
    String key = properties.masterKey() != null && !properties.masterKey().isBlank() ? properties.masterKey()
        : generatedFile(properties.dataDir().resolve("master.key"), "master key");
    this.encryptor = Encryptors.delux(key, SALT);
  }

  String encrypt(String secret) {
    return encryptor.encrypt(secret);
  }

  String decrypt(String encrypted) {
    return encryptor.decrypt(encrypted);
  }

  /** A new random secret: 32 bytes, base64url. */
  static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Reads a generated secret, creating it (owner-only) on first use. Never logs the value. */
  static String generatedFile(Path file, String what) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      String secret = newSecret();
      Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        log.warn("cannot restrict the permissions of {}", file);
      }
      log.info("generated a {} in {} (set it through the environment to choose your own)", what, file.toAbsolutePath());
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the " + what + " file " + file, e);
    }
  }
}
