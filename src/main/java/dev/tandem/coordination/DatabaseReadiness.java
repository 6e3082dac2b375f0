package dev.tandem.coordination;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code database} health component, part of the readiness group: UP when the database hands out
 * a valid connection within two seconds, else DOWN, so a replica that
 * lost the database leaves the load balancer's rotation and is back once a connection works again. The
 * check runs on a thread of its own: the probe answers within the timeout even while the connection
 * pool waits longer for a connection, and one check runs at a time (a probe during a slow one waits
 * for it, again at most the timeout).
 */
@Component("database")
class DatabaseReadiness implements HealthIndicator, DisposableBean {

  /** Shorter than a probe's usual timeout, longer than a connection to a live database takes. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final DataSource dataSource;
  private final Duration timeout = TIMEOUT;
  private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "database-readiness");
    thread.setDaemon(true);
    return thread;
  });
  private Future<Boolean> check;

  DatabaseReadiness(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public synchronized Health health() {
    if (check == null || check.isDone()) {
      check = checker.submit(this::valid);
    }
    try {
      return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Health.up().build()
          : Health.down().withDetail("reason", "the database's connection is not valid").build();
    } catch (TimeoutException e) {
      return Health.down().withDetail("reason", "no database connection within " + timeout).build();
    } catch (ExecutionException e) {
      return Health.down().withDetail("reason", "the database is unreachable: " + e.getCause().getMessage()).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down().build();
    }
  }

  private boolean valid() throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid((int) Math.max(1, timeout.toSeconds()));
    }
  }

  @Override
  public void destroy() {
    checker.shutdownNow();
  }
}
