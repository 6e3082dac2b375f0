package dev.tandem.heketidb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.heketi.BoltFiles;
import dev.tandem.heketidb.Backup.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The heketi_backup table as migrated, and the store on it; each database extends this. */
abstract class BackupStoreContract {

  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  BackupStore store;
  JdbcTemplate jdbc;

  /** A data source on an empty database of the kind under test. */
  abstract DataSource emptyDatabase();

  @BeforeEach
  void migrate() {
    DataSource db = emptyDatabase();
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    store = new BackupStore(db);
    jdbc = new JdbcTemplate(db);
  }

  @Test
  void aKeptFileComesBackByteForByteAndListsDoNotCarryIt() {
    byte[] file = BoltFiles.heketiDb(3);
    Backup kept = store.add(NOW, "replica-a", Outcome.KEPT, file, "ab".repeat(32), null);
    Backup failed = store.add(NOW.plusSeconds(1), "replica-b", Outcome.FAILED, null, null, "Heketi is unavailable");

    assertThat(store.content(kept.id())).get().isEqualTo(file);
    assertThat(store.content(failed.id())).isEmpty();
    assertThat(store.list()).containsExactly(failed, kept);
    assertThat(store.find(kept.id())).contains(kept);
    assertThat(kept.sizeBytes()).isEqualTo(BoltFiles.SIZE);
    assertThat(store.lastAttempt()).contains(failed);
    assertThat(store.lastKept()).contains(kept);
    assertThat(store.delete(kept.id())).isTrue();
    assertThat(store.delete(kept.id())).isFalse();
  }

  @Test
  void retentionKeepsTheNewestByCountAndDropsTheOldButNeverTheLastGoodOne() {
    Backup old = store.add(NOW.minus(Duration.ofDays(40)), "a", Outcome.KEPT, new byte[] {1}, "s1", null);
    Backup second = store.add(NOW.minus(Duration.ofDays(3)), "a", Outcome.KEPT, new byte[] {2}, "s2", null);
    Backup third = store.add(NOW.minus(Duration.ofDays(2)), "a", Outcome.KEPT, new byte[] {3}, "s3", null);
    Backup newest = store.add(NOW.minus(Duration.ofDays(1)), "a", Outcome.KEPT, new byte[] {4}, "s4", null);
    Backup oldFailure = store.add(NOW.minus(Duration.ofDays(40)), "a", Outcome.FAILED, null, null, "down");
    Backup refused = store.add(NOW, "a", Outcome.REFUSED, null, null, "not a BoltDB file");

    assertThat(store.prune(2, NOW.minus(Duration.ofDays(30)), Set.of()))
        .containsExactlyInAnyOrder(old.id(), second.id(), oldFailure.id());
    assertThat(store.list()).containsExactly(refused, newest, third);

    assertThat(store.prune(2, NOW.plusSeconds(1), Set.of())).containsExactlyInAnyOrder(third.id(), refused.id());
    assertThat(store.list()).containsExactly(newest);
  }

  @Test
  void retentionSparesTheBackupsItIsToldAreInUseAndCountsThemTowardsKeep() {
    Backup named = store.add(NOW.minus(Duration.ofDays(40)), "a", Outcome.KEPT, new byte[] {1}, "s1", null);
    Backup old = store.add(NOW.minus(Duration.ofDays(3)), "a", Outcome.KEPT, new byte[] {2}, "s2", null);
    Backup newest = store.add(NOW.minus(Duration.ofDays(1)), "a", Outcome.KEPT, new byte[] {3}, "s3", null);

    assertThat(store.prune(1, NOW.minus(Duration.ofDays(30)), Set.of(named.id()))).containsExactly(old.id());
    assertThat(store.list()).containsExactly(newest, named);

    assertThat(store.prune(1, NOW.minus(Duration.ofDays(30)), Set.of())).containsExactly(named.id());
    assertThat(store.list()).containsExactly(newest);
  }

  @Test
  void theDatabaseRefusesAnOutcomeItDoesNotKnow() {
    assertThatThrownBy(() -> jdbc.update("insert into heketi_backup (taken_at, taken_by, outcome)"
        + " values (current_timestamp, 'a', 'LOST')")).isInstanceOf(DataIntegrityViolationException.class);
  }
}
