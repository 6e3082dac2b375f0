package dev.tandem.security;

import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The security module's secrets kept once per platform (table {@code security_secret}, every value
 * encrypted under the master key), and the start-up check that this replica holds the master key the
 * database's secrets were stored under. A value is created by whichever replica stores it first:
 * the insert of the others breaks the table's primary key, and they read the first one's value.
 * Plain JDBC with its own transactions: this runs while the context starts, outside any other
 * transaction, and needs nothing of JPA.
 */
@Component
class StoredSecrets {

  static final String WRONG_MASTER_KEY = "Tandem refuses to start: its master key cannot decrypt the secrets"
      + " already in the database, which were stored under another master key. Set tandem.security.master-key"
      + " (environment TANDEM_SECURITY_MASTER_KEY) or tandem.security.master-key-file"
      + " (TANDEM_SECURITY_MASTER_KEY_FILE) to the key the other replicas use (on the embedded default: the"
      + " key in <data-dir>/master.key when the database was created).";

  private static final String CHECK = "master-key-check";
  private static final String CHECK_TEXT = "the master key of this Tandem platform";

  private final JdbcTemplate jdbc;
  private final SecretCipher cipher;
  private final TransactionTemplate tx;

  StoredSecrets(JdbcTemplate jdbc, SecretCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.tx = new TransactionTemplate(new JdbcTransactionManager(jdbc.getDataSource()));
    this.tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
    checkMasterKey();
  }

  /** The stored value of {@code name}, decrypted. */
  Optional<String> find(String name) {
    return sealed(name).map(sealed -> {
      String value = opened(sealed);
      if (value == null) {
        throw new IllegalStateException(WRONG_MASTER_KEY);
      }
      return value;
    });
  }

  /** Stores {@code value} unless {@code name} already has one; answers the value kept: this one or the first one. */
  String storeOnce(String name, String value) {
    if (sealed(name).isEmpty()) {
      try {
        tx.executeWithoutResult(status -> jdbc.update(
            "insert into security_secret (name, secret_value) values (?, ?)", name, cipher.encrypt(value)));
      } catch (DuplicateKeyException storedFirstByAnotherReplica) {
        // read below
      }
    }
    return find(name).orElseThrow();
  }

  /**
   * The check value is stored once, by the first replica (after checking the secrets of a database
   * that predates it); every start decrypts it, so a replica with another key refuses to start
   * instead of failing each request that needs a secret.
   */
  private void checkMasterKey() {
    if (sealed(CHECK).isEmpty()) {
      List<String> earlier = jdbc.queryForList("select secret_encrypted from client fetch first 1 rows only",
          String.class);
      earlier.addAll(jdbc.queryForList("select secret_value from platform_secret fetch first 1 rows only",
          String.class));
      if (earlier.stream().anyMatch(sealed -> opened(sealed) == null)) {
        throw new IllegalStateException(WRONG_MASTER_KEY);
      }
    }
    if (!CHECK_TEXT.equals(storeOnce(CHECK, CHECK_TEXT))) {
      throw new IllegalStateException(WRONG_MASTER_KEY);
    }
  }

  private Optional<String> sealed(String name) {
    return jdbc.queryForList("select secret_value from security_secret where name = ?", String.class, name).stream()
        .findFirst();
  }

  /** The value decrypted, or null when it was encrypted under another master key. */
  private String opened(String sealed) {
    try {
      return cipher.decrypt(sealed);
    } catch (IllegalStateException | IllegalArgumentException otherKey) {
      return null;
    }
  }
}
