package dev.tandem.replicas;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * A PostgreSQL server of the test's own, so that a test may stop and start it without disturbing the
 * shared test database; its data outlives a stop. From PostgreSQL's binaries when they are installed
 * ({@link PgCtlPostgres}), else as a container when Docker is available ({@link DockerPostgres}). Without
 * either a developer's run skips, and CI fails.
 */
interface PrivatePostgres {

  static PrivatePostgres start() {
    if (PgCtlPostgres.installed()) {
      return PgCtlPostgres.start();
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      return DockerPostgres.start();
    }
    unavailable("PostgreSQL's initdb and pg_ctl are not in " + PgCtlPostgres.BIN
        + " (set TANDEM_TEST_POSTGRES_BIN) and Docker is not available");
    throw new IllegalStateException("unreachable");
  }

  /** A JDBC URL of a database of the server, the same after a restart. */
  String jdbcUrl();

  String user();

  String password();

  /** Ends every session and stops the server, as when the database server restarts. */
  void stopServer();

  /** Starts the stopped server, and waits until it accepts connections. */
  void startServer();

  /** Stops the server and removes its data. */
  void destroy();

  default boolean accepts(Duration within) {
    Instant until = Instant.now().plus(within);
    while (Instant.now().isBefore(until)) {
      try (Connection c = DriverManager.getConnection(jdbcUrl(), user(), password())) {
        return c.isValid(2);
      } catch (SQLException e) {
        Replica.sleep(200);
      }
    }
    return false;
  }

  static void unavailable(String message) {
    String full = message + "; the replica ITs need a PostgreSQL of their own (PostgreSQL's binaries or Docker)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(full);
    }
    Assumptions.abort(full);
  }
}
