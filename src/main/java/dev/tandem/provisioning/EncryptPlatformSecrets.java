package dev.tandem.provisioning;

import dev.tandem.security.SecretCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Flyway migration 5: encrypts the rows of {@code platform_secret} that versions 1-4 stored in
 * plaintext (Heketi's JWT keys and SSH private key, the recorded Heketi URL), under the master key.
 * A Java migration because SQL cannot know the key; Spring Boot hands every {@link JavaMigration}
 * bean to Flyway, so it runs once, in order, in the migration's transaction, on H2 and PostgreSQL.
 * From then on {@link PlatformSecrets} writes every value encrypted.
 */
@Component
class EncryptPlatformSecrets implements JavaMigration {

  private final SecretCipher cipher;

  EncryptPlatformSecrets(SecretCipher cipher) {
    this.cipher = cipher;
  }

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("5");
  }

  @Override
  public String getDescription() {
    return "encrypt platform secrets";
  }

  @Override
  public Integer getChecksum() {
    return null;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    Map<String, String> plaintext = new LinkedHashMap<>();
    try (PreparedStatement select = connection.prepareStatement("select name, secret_value from platform_secret");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        plaintext.put(rows.getString(1), rows.getString(2));
      }
    }
    try (PreparedStatement update =
        connection.prepareStatement("update platform_secret set secret_value = ? where name = ?")) {
      for (Map.Entry<String, String> row : plaintext.entrySet()) {
        update.setString(1, cipher.encrypt(row.getValue()));
        update.setString(2, row.getKey());
        update.executeUpdate();
      }
    }
  }
}
