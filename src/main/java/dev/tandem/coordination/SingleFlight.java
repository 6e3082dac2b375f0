package dev.tandem.coordination;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Work that runs on one replica at a time across all replicas on the database: while it runs, its
 * row of {@code single_flight} is locked ({@code select ... for update nowait}) in a transaction of a
 * connection of its own, and the transaction ends when the work does. The database's own row lock:
 * nothing to renew, and PostgreSQL releases it when the holder's connection dies with its replica.
 * The connection is taken apart from Spring's transactions, so the work's own transactions (on the
 * same thread or others) neither join it nor wait for it.
 */
@Component
public class SingleFlight {

  /** PostgreSQL's lock_not_available, and H2's lock timeout. */
  private static final Set<String> LOCKED = Set.of("55P03", "HYT00");
  private static final Duration RETRY = Duration.ofMillis(500);

  private final DataSource dataSource;

  SingleFlight(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs {@code work} unless work of the same name runs on any replica; empty then, at once. */
  public <T> Optional<T> ifIdle(String name, Supplier<T> work) {
    return run(name, Duration.ZERO, work);
  }

  /**
   * Runs {@code work} once no work of the same name runs on any replica, waiting for that at most
   * {@code wait} (tried again every half second); empty when it still runs after that.
   */
  public <T> Optional<T> waiting(String name, Duration wait, Supplier<T> work) {
    return run(name, wait, work);
  }

  private <T> Optional<T> run(String name, Duration wait, Supplier<T> work) {
    Instant until = Instant.now().plus(wait);
    while (true) {
      // a connection per try: one waiting holds none between its tries
      try (Connection connection = dataSource.getConnection()) {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
          ensureRow(connection, name);
          if (tryLock(connection, name)) {
            return Optional.ofNullable(work.get());
          }
        } finally {
          connection.rollback();
          connection.setAutoCommit(autoCommit);
        }
      } catch (SQLException e) {
        throw new DataAccessResourceFailureException("single-flight " + name + ": " + e.getMessage(), e);
      }
      if (!Instant.now().isBefore(until)) {
        return Optional.empty();
      }
      sleep();
    }
  }

  /** The name's row, made on first use and committed, so every replica locks the same row. */
  private static void ensureRow(Connection connection, String name) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "insert into single_flight (name) select ? where not exists (select 1 from single_flight where name = ?)")) {
      insert.setString(1, name);
      insert.setString(2, name);
      insert.executeUpdate();
      connection.commit();
    } catch (SQLException raced) {
      // another replica inserted it at the same moment: that row serves
      connection.rollback();
    }
  }

  private static boolean tryLock(Connection connection, String name) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(
        "select name from single_flight where name = ? for update nowait")) {
      lock.setString(1, name);
      lock.executeQuery().close();
      return true;
    } catch (SQLException e) {
      if (LOCKED.contains(e.getSQLState())) {
        connection.rollback();
        return false;
      }
      throw e;
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a single-flight lock", e);
    }
  }
}
