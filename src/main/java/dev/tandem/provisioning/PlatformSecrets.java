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
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keys Tandem generates once per platform and keeps in table {@code platform_secret}: Heketi's SSH key
 * pair (RSA, as the runbook's ssh-keygen) and JWT keys, and Tandem's own SSH key pair for the hosts
 * (RSA 3072: JSch writes no ed25519 private keys). Every value is stored encrypted under the master
 * key ({@link SecretCipher}), the non-secret ones (the recorded Heketi URL, the public keys) too, so
 * that no row of it is ever plaintext. A set of keys is created by whichever replica stores it first;
 * the others' insert breaks the primary key and they read the first one's keys, so every replica uses
 * the same. Tandem's key file of an older version ({@code tandem.provisioning.ssh-key-file}), found
 * while the database holds no key yet, becomes the platform's key; no key file is written any more.
 */
@Service
class PlatformSecrets {

  private static final Logger log = LoggerFactory.getLogger(PlatformSecrets.class);
  private static final List<String> HEKETI =
      List.of("heketi-ssh-private", "heketi-ssh-public", "heketi-admin-key", "heketi-user-key");
  private static final List<String> TANDEM = List.of("tandem-ssh-private", "tandem-ssh-public");

  private final PlatformSecretRepository secrets;
  private final JdbcTemplate jdbc;
  private final SecretCipher cipher;
  private final TransactionTemplate tx;
  private final TransactionTemplate ownTx;
  private final ProvisioningProperties properties;

  PlatformSecrets(PlatformSecretRepository secrets, JdbcTemplate jdbc, SecretCipher cipher, TransactionTemplate tx,
      ProvisioningProperties properties) {
    this.secrets = secrets;
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.tx = tx;
    this.ownTx = new TransactionTemplate(tx.getTransactionManager());
    this.ownTx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
    this.properties = properties;
  }

  /** Heketi's secrets, generated on first use (plans use {@link HeketiSecrets#placeholders()} instead). */
  HeketiSecrets heketi() {
    List<String> keys = storedOnce(HEKETI, () -> {
      String[] pair = keyPair(KeyPair.RSA, 4096, "heketi@tandem");
      return List.of(pair[0], pair[1], Secrets.newSecret(), Secrets.newSecret());
    });
    return new HeketiSecrets(keys.get(0), keys.get(1), keys.get(2), keys.get(3));
  }

  /** Heketi's secrets if a job made them; never generates them (drift reports write nothing). */
  Optional<HeketiSecrets> heketiIfStored() {
    if (secrets.findById(HEKETI.get(0)).isEmpty()) {
      return Optional.empty();
    }
    List<String> keys = HEKETI.stream().map(this::get).toList();
    return Optional.of(new HeketiSecrets(keys.get(0), keys.get(1), keys.get(2), keys.get(3)));
  }

  /** Whether Tandem's SSH key is stored yet (it is made by the first job or the first read of its public key). */
  boolean tandemKeyStored() {
    return secrets.findById(TANDEM.get(0)).isPresent();
  }

  /** Tandem's SSH private key for the hosts (OpenSSH/PEM text), created on first use. */
  byte[] tandemPrivateKey() {
    return storedOnce(TANDEM, this::earlierOrNewTandemKey).get(0).getBytes(StandardCharsets.UTF_8);
  }

  /** The public half, for the hosts' authorized_keys. */
  String tandemPublicKey() {
    return storedOnce(TANDEM, this::earlierOrNewTandemKey).get(1);
  }

  /**
   * The values of {@code names}, stored together once: by this call (with what {@code generate} makes)
   * when none is stored yet, else by whoever stored them first. In a transaction of its own, so that
   * losing the race to another replica never spoils a caller's transaction.
   */
  private List<String> storedOnce(List<String> names, Supplier<List<String>> generate) {
    if (secrets.findById(names.get(0)).isEmpty()) {
      List<String> values = generate.get();
      try {
        ownTx.executeWithoutResult(status -> {
          for (int i = 0; i < names.size(); i++) {
            // a plain insert: a save would overwrite the row of a replica that inserted it meanwhile
            jdbc.update("insert into platform_secret (name, secret_value) values (?, ?)", names.get(i),
                cipher.encrypt(values.get(i)));
          }
        });
      } catch (DataIntegrityViolationException storedFirstByAnotherReplica) {
        // read below
      }
    }
    return names.stream().map(this::get).toList();
  }

  /** An older version's key file when there is one, else a new key pair: private, public. */
  private List<String> earlierOrNewTandemKey() {
    Path file = properties.sshKeyFile();
    if (!Files.exists(file)) {
      String[] pair = keyPair(KeyPair.RSA, 3072, "tandem");
      return List.of(pair[0], pair[1]);
    }
    try {
      String privateKey = Files.readString(file, StandardCharsets.UTF_8);
      Path publicFile = publicKeyFile();
      String publicKey = Files.exists(publicFile) ? Files.readString(publicFile).strip() : publicHalf(privateKey, file);
      log.info("Tandem's SSH key {} is now kept in the database for every replica (unless another replica"
          + " stored one first)", file.toAbsolutePath());
      return List.of(privateKey, publicKey);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Tandem's SSH key " + file, e);
    }
  }

  private Path publicKeyFile() {
    Path file = properties.sshKeyFile();
    return file.resolveSibling(file.getFileName() + ".pub");
  }

  private static String publicHalf(String privateKey, Path file) {
    try {
      KeyPair pair = KeyPair.load(new JSch(), privateKey.getBytes(StandardCharsets.UTF_8), null);
      ByteArrayOutputStream pub = new ByteArrayOutputStream();
      pair.writePublicKey(pub, "tandem");
      pair.dispose();
      return pub.toString(StandardCharsets.UTF_8).strip();
    } catch (JSchException e) {
      throw new IllegalStateException("cannot read Tandem's SSH key " + file + ": " + e.getMessage(), e);
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
