package dev.tandem.heketidb;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The {@code heketiBackups} health component: UP while the newest attempt kept a backup (and, when
 * backups are scheduled, it is not overdue: older than two intervals); FAILING when the newest attempt
 * failed or was refused, or the newest backup is overdue; UNKNOWN before any attempt. FAILING is not a
 * status the aggregate knows, so Tandem's health and readiness never depend on it; its own URL ({@code
 * /actuator/health/heketiBackups}) answers 503, for a monitor to alert on.
 */
@Component("heketiBackups")
class BackupHealth implements HealthIndicator {

  static final Status FAILING = new Status("FAILING", "The newest backup of Heketi's database failed or is overdue");

  private final BackupStore store;
  private final BackupProperties properties;

  BackupHealth(BackupStore store, BackupProperties properties) {
    this.store = store;
    this.properties = properties;
  }

  @Override
  public Health health() {
    try {
      return health(store.lastAttempt(), store.lastKept());
    } catch (DataAccessException e) {
      return Health.unknown().withDetail("reason", "the database cannot be read").build();
    }
  }

  private Health health(Optional<Backup> last, Optional<Backup> kept) {
    String schedule = properties.scheduled() ? "every " + properties.interval() : "off (tandem.backups.interval)";
    if (last.isEmpty()) {
      return Health.unknown().withDetail("schedule", schedule).withDetail("reason", "no backup taken yet").build();
    }
    Health.Builder health = status(last.get());
    kept.ifPresent(b -> health.withDetail("lastSuccess", b.takenAt().toString())
        .withDetail("lastSuccessAge", Duration.between(b.takenAt(), Instant.now()).withNanos(0).toString())
        .withDetail("lastSuccessSha256", b.sha256()));
    return health.withDetail("schedule", schedule).build();
  }

  private Health.Builder status(Backup attempt) {
    if (!attempt.kept()) {
      return Health.status(FAILING).withDetail("lastAttempt", attempt.takenAt().toString())
          .withDetail("outcome", attempt.outcome().name()).withDetail("reason", attempt.message());
    }
    if (properties.scheduled()
        && attempt.takenAt().isBefore(Instant.now().minus(properties.interval().multipliedBy(2)))) {
      return Health.status(FAILING).withDetail("reason", "no backup for over two intervals");
    }
    return Health.up();
  }
}
