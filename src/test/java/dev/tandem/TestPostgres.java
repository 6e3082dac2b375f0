package dev.tandem;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real PostgreSQL the tests use: {@code TANDEM_TEST_POSTGRES_URL} (default
 * jdbc:postgresql://localhost:5432/tandem_test, user and password tandem, as .ci/run creates them).
 * Each test context gets a fresh schema. In CI a missing PostgreSQL fails the run; on a developer's
 * machine without one the tests are skipped with a message saying so.
 */
public final class TestPostgres {

  public static final String URL = env("TANDEM_TEST_POSTGRES_URL", "jdbc:postgresql://localhost:5432/tandem_test");
  public static final String USER = env("TANDEM_TEST_POSTGRES_USER", "tandem");
  public static final String PASSWORD = env("TANDEM_TEST_POSTGRES_PASSWORD", "tandem");
  /** The master key of the tests on PostgreSQL, where Tandem refuses to generate one. */
  public static final String MASTER_KEY = "test-master-key-not-for-production";

  /**
   * Points the context at a fresh schema of the test database, with the tests' master key, or skips
   * (fails in CI) without one.
   */
  public static void register(DynamicPropertyRegistry registry) {
    String schema = freshSchema();
    registry.add("spring.datasource.url", () -> urlOf(schema));
    registry.add("spring.datasource.username", () -> USER);
    registry.add("spring.datasource.password", () -> PASSWORD);
    registry.add("spring.flyway.schemas", () -> schema);
    registry.add("tandem.security.master-key", () -> MASTER_KEY);
  }

  /** A JDBC URL on a fresh schema of the test database (dropped at exit), or skips (fails in CI) without one. */
  public static String freshSchemaUrl() {
    return urlOf(freshSchema());
  }

  /** A new schema of the test database, dropped at exit. */
  private static String freshSchema() {
    String schema = "t" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(schema)));
    } catch (SQLException e) {
      unreachable(e);
    }
    return schema;
  }

  private static String urlOf(String schema) {
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static void unreachable(SQLException e) {
    String message = "PostgreSQL is not reachable at " + URL + " (" + e.getMessage() + "); run .ci/run, or"
        + " start PostgreSQL and create role tandem/tandem with database tandem_test";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
  }

  private static void drop(String schema) {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
      s.execute("drop schema if exists " + schema + " cascade");
    } catch (SQLException e) {
      System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private TestPostgres() {}
}
