package dev.tandem.provisioning;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keys Tandem generates once and keeps: Heketi's SSH key pair (RSA, as the runbook's ssh-keygen)
 * and JWT keys in the database, and Tandem's own SSH key for the hosts (RSA 3072: JSch writes no ed25519 private keys) in a file.
 */
@Service
class PlatformSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final PlatformSecretRepository secrets;
  private final TransactionTemplate tx;
  private final ProvisioningProperties properties;

  PlatformSecrets(PlatformSecretRepository secrets, TransactionTemplate tx, ProvisioningProperties properties) {
    this.secrets = secrets;
    this.tx = tx;
    this.properties = properties;
  }

  /** Heketi's secrets, generated on first use (plans use {@link HeketiSecrets#placeholders()} instead). */
  HeketiSecrets heketi() {
    return tx.execute(status -> {
      if (secrets.findById("heketi-ssh-private").isEmpty()) {
        String[] pair = keyPair(KeyPair.RSA, 4096, "heketi@tandem");
        save("heketi-ssh-private", pair[0]);
        save("heketi-ssh-public", pair[1]);
        save("heketi-admin-key", token());
        save("heketi-user-key", token());
      }
      return new HeketiSecrets(get("heketi-ssh-private"), get("heketi-ssh-public"), get("heketi-admin-key"),
          get("heketi-user-key"));
    });
  }

  /** Tandem's SSH private key for the hosts, created (owner-only) on first use. */
  byte[] tandemPrivateKey() {
    Path file = properties.sshKeyFile();
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String[] pair = keyPair(KeyPair.RSA, 3072, "tandem");
        Files.writeString(file, pair[0]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(Path.of(file + ".pub"), pair[1] + "\n");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create Tandem's SSH key " + file, e);
    }
  }

  /** The public half, for the hosts' authorized_keys. */
  String tandemPublicKey() {
    tandemPrivateKey();
    try {
      return Files.readString(Path.of(properties.sshKeyFile() + ".pub")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] keyPair(int type, int size, String comment) {
    try {
      KeyPair pair = KeyPair.genKeyPair(new JSch(), type, size);
      ByteArrayOutputStream priv = new ByteArrayOutputStream();
      ByteArrayOutputStream pub = new ByteArrayOutputStream();
      pair.writePrivateKey(priv);
      pair.writePublicKey(pub, comment);
      pair.dispose();
      return new String[] {priv.toString(StandardCharsets.UTF_8), pub.toString(StandardCharsets.UTF_8).strip()};
    } catch (JSchException e) {
      throw new IllegalStateException("cannot generate an SSH key pair: " + e.getMessage(), e);
    }
  }

  private static String token() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private void save(String name, String value) {
    PlatformSecretEntity entity = new PlatformSecretEntity();
    entity.name = name;
    entity.secretValue = value;
    secrets.save(entity);
  }

  private String get(String name) {
    return secrets.findById(name).map(e -> e.secretValue).orElseThrow();
  }

  void put(String name, String value) {
    tx.executeWithoutResult(status -> save(name, value));
  }

  Optional<String> find(String name) {
    return secrets.findById(name).map(e -> e.secretValue);
  }
}
