package dev.tandem;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real PostgreSQL the tests use, the first of:
 * <ul>
 *   <li>the server at {@code TANDEM_TEST_POSTGRES_URL} (user and password tandem, or
 *   {@code TANDEM_TEST_POSTGRES_USER}/{@code _PASSWORD}); the schemas made there are dropped at exit;</li>
 *   <li>one container per test JVM, started by Testcontainers from {@code TANDEM_TEST_POSTGRES_IMAGE}
 *   (default postgres:16; any image that behaves as the upstream postgres one) when Docker
 *   is available, and removed when the JVM ends.</li>
 * </ul>
 * Each test context gets a fresh schema. In CI a missing PostgreSQL fails the run; on a developer's
 * machine without one the tests are skipped with a message saying so.
 */
public final class TestPostgres {

  public static final String USER = env("TANDEM_TEST_POSTGRES_USER", "tandem");
  public static final String PASSWORD = env("TANDEM_TEST_POSTGRES_PASSWORD", "tandem");
  /** The master key of the tests on PostgreSQL, where Tandem refuses to generate one. */
  public static final String MASTER_KEY = "test-master-key-not-for-production";

  private static final String DEFAULT_IMAGE = "postgres:16";
  private static final String CONFIGURED_URL = env("TANDEM_TEST_POSTGRES_URL", null);
  private static final String IMAGE = env("TANDEM_TEST_POSTGRES_IMAGE", DEFAULT_IMAGE);

  /** The test database's URL once known. */
  private static String url;
  /** Why there is no test database, once that is known: every later test is told the same. */
  private static String missing;

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

  /** A JDBC URL on a fresh schema of the test database, or skips (fails in CI) without one. */
  public static String freshSchemaUrl() {
    return urlOf(freshSchema());
  }

  /** A new schema of the test database (on a server of the developer's, dropped at exit). */
  private static String freshSchema() {
    String database = database();
    String schema = "t" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection(database, USER, PASSWORD); Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
    } catch (SQLException e) {
      unavailable("PostgreSQL is not reachable at " + database + " (" + e.getMessage() + ")");
    }
    if (CONFIGURED_URL != null) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(schema)));
    }
    return schema;
  }

  private static String urlOf(String schema) {
    String database = database();
    return database + (database.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** The test database's URL: the configured one, or that of the container, started on the first call. */
  private static synchronized String database() {
    if (url == null && missing == null) {
      if (CONFIGURED_URL != null) {
        url = CONFIGURED_URL;
      } else if (!DockerClientFactory.instance().isDockerAvailable()) {
        missing = "TANDEM_TEST_POSTGRES_URL is not set and Docker is not available";
      } else {
        url = startContainer();
      }
    }
    if (missing != null) {
      unavailable(missing);
    }
    return url;
  }

  /**
   * A PostgreSQL container of {@code TANDEM_TEST_POSTGRES_IMAGE} with the tests' database, user and
   * password, not started. Testcontainers removes it when the JVM ends (with Ryuk disabled, as the build
   * configures it, by a shutdown hook of its own).
   */
  public static PostgreSQLContainer newContainer() {
    return new PostgreSQLContainer(DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("postgres"))
        .withDatabaseName("tandem_test").withUsername(USER).withPassword(PASSWORD);
  }

  /** Starts the shared container and returns its URL, or returns null after setting {@link #missing}. */
  private static String startContainer() {
    PostgreSQLContainer container = newContainer();
    try {
      container.start();
      return container.getJdbcUrl();
    } catch (RuntimeException e) {
      missing = "the PostgreSQL container from " + IMAGE + " did not start (" + e.getMessage() + ")";
      return null;
    }
  }

  private static void unavailable(String reason) {
    String message = reason + ". The PostgreSQL tests need either TANDEM_TEST_POSTGRES_URL (a running server"
        + " with role tandem/tandem owning the database, e.g. jdbc:postgresql://localhost:5432/tandem_test) or"
        + " Docker, where Testcontainers starts TANDEM_TEST_POSTGRES_IMAGE (default " + DEFAULT_IMAGE + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
  }

  private static void drop(String schema) {
    try (Connection c = DriverManager.getConnection(CONFIGURED_URL, USER, PASSWORD); Statement s = c.createStatement()) {
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
