package dev.tandem.provisioning;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import dev.tandem.security.SecretCipher;
import dev.tandem.security.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keys Tandem generates once and keeps: Heketi's SSH key pair (RSA, as the runbook's ssh-keygen)
 * and JWT keys in the database, and Tandem's own SSH key for the hosts (RSA 3072: JSch writes no
 * ed25519 private keys) in an owner-only file. Every value of table {@code platform_secret} is
 * stored encrypted under the master key ({@link SecretCipher}), the non-secret ones (the recorded
 * Heketi URL) too, so that no row of it is ever plaintext.
 */
@Service
class PlatformSecrets {

  private final PlatformSecretRepository secrets;
  private final SecretCipher cipher;
  private final TransactionTemplate tx;
  private final ProvisioningProperties properties;

  PlatformSecrets(PlatformSecretRepository secrets, SecretCipher cipher, TransactionTemplate tx,
      ProvisioningProperties properties) {
    this.secrets = secrets;
    this.cipher = cipher;
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
        save("heketi-admin-key", Secrets.newSecret());
        save("heketi-user-key", Secrets.newSecret());
      }
      return new HeketiSecrets(get("heketi-ssh-private"), get("heketi-ssh-public"), get("heketi-admin-key"),
          get("heketi-user-key"));
    });
  }

  /** Tandem's SSH private key for the hosts, created (owner-only) on first use. */
  synchronized byte[] tandemPrivateKey() {
    Path file = properties.sshKeyFile();
    try {
      if (!Files.exists(file)) {
        String[] pair = keyPair(KeyPair.RSA, 3072, "tandem");
        Secrets.createOwnerOnly(file, pair[0]);
        Files.writeString(publicKeyFile(), pair[1] + "\n");
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
      return Files.readString(publicKeyFile()).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path publicKeyFile() {
    Path file = properties.sshKeyFile();
    return file.resolveSibling(file.getFileName() + ".pub");
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

  private void save(String name, String value) {
    PlatformSecretEntity entity = new PlatformSecretEntity();
    entity.name = name;
    entity.secretValue = cipher.encrypt(value);
    secrets.save(entity);
  }

  private String get(String name) {
    return find(name).orElseThrow();
  }

  /** Stores a value (encrypted, like every value of the table). */
  void put(String name, String value) {
    tx.executeWithoutResult(status -> save(name, value));
  }

  /** A stored value, decrypted; fails saying so when it was stored under another master key. */
  Optional<String> find(String name) {
    return secrets.findById(name).map(e -> {
      try {
        return cipher.decrypt(e.secretValue);
      } catch (IllegalStateException | IllegalArgumentException wrongKey) {
        throw new IllegalStateException("cannot decrypt platform secret " + name + ": it was stored under another"
            + " master key (tandem.security.master-key, or <data-dir>/master.key)", wrongKey);
      }
    });
  }
}
