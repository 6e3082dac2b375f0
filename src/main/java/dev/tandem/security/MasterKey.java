package dev.tandem.security;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Where the master key comes from, in this order: {@code tandem.security.master-key}, the file named
 * by {@code tandem.security.master-key-file}, or a key generated into {@code <data-dir>/master.key}.
 * Generating is the embedded default's way (H2: one replica, its own data directory). On PostgreSQL
 * every replica must hold the same key, so generating one is refused there unless
 * {@code tandem.security.allow-generated-master-key} says otherwise.
 */
final class MasterKey {

  /** The start-up refusal on PostgreSQL without a configured key; names the settings and how to make a key. */
  static final String MISSING_ON_POSTGRES = "Tandem refuses to start: the database is PostgreSQL and no master key"
      + " is configured. Every replica must use the same master key, so set tandem.security.master-key"
      + " (environment TANDEM_SECURITY_MASTER_KEY) or tandem.security.master-key-file"
      + " (TANDEM_SECURITY_MASTER_KEY_FILE, e.g. a mounted secret) to the same value on every replica;"
      + " make a key with: openssl rand -base64 32. Only for a single replica you may instead set"
      + " tandem.security.allow-generated-master-key=true to have one generated into <data-dir>/master.key.";

  static String resolve(SecurityProperties properties, boolean postgres) {
    if (properties.masterKey() != null && !properties.masterKey().isBlank()) {
      return properties.masterKey();
    }
    if (properties.masterKeyFile() != null) {
      return read(properties.masterKeyFile());
    }
    if (postgres && !properties.allowGeneratedMasterKey()) {
      throw new IllegalStateException(MISSING_ON_POSTGRES);
    }
    return Secrets.readOrGenerate(properties.dataDir().resolve("master.key"), "master key");
  }

  /** Whether the data source is PostgreSQL, told by its JDBC URL (the pool's, or the driver's when it has none). */
  static boolean isPostgres(DataSource dataSource) {
    String url = dataSource instanceof HikariDataSource hikari ? hikari.getJdbcUrl() : null;
    if (url == null) {
      try (Connection connection = dataSource.getConnection()) {
        url = connection.getMetaData().getURL();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot tell which database Tandem uses: " + e.getMessage(), e);
      }
    }
    return url != null && url.startsWith("jdbc:postgresql:");
  }

  private static String read(Path file) {
    try {
      String key = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (key.isEmpty()) {
        throw new IllegalStateException("the master key file " + file + " (tandem.security.master-key-file) is empty");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the master key file " + file
          + " (tandem.security.master-key-file): " + e.getMessage(), e);
    }
  }

  private MasterKey() {}
}
