package dev.tandem.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The drift_report table as migrated, and the store on it; each database extends this. */
abstract class DriftStoreContract {

  /** A data source on an empty database of the kind under test. */
  abstract DataSource emptyDatabase();

  @Test
  void theLastReportComesBackWholeAndReplacesTheOlderOnes() {
    DataSource db = emptyDatabase();
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    DriftStore store = new DriftStore(db);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Finding stopped = new Finding("pa", "container", "node1", "container pa-1", "the container running",
        "container pa-1 is stopped, made from spec hash 9a4b", "POST /api/v1/jobs {\"type\":\"deploy-pool\"}",
        List.of("docker start pa-1"), null);
    Finding stray = new Finding(null, "heketi-cluster", null, "0123abcd", "every Heketi cluster bound to a pool",
        "bound to no pool", "none by Tandem", List.of(), null);

    assertThat(store.last()).isEmpty();
    store.save(new DriftReport(now.minusSeconds(60), "replica-a", null, "Heketi read: 2 clusters", List.of(stray)));
    DriftReport last = new DriftReport(now, "replica-b", null, "Heketi was not read: " + "x".repeat(3000),
        List.of(stopped, stray));
    store.save(last);

    DriftReport read = store.last().orElseThrow();
    assertThat(read.findings()).containsExactly(stopped, stray);
    assertThat(read.takenAt()).isEqualTo(now);
    assertThat(read.takenBy()).isEqualTo("replica-b");
    assertThat(read.heketi()).hasSize(2000).endsWith("…");
    assertThat(new JdbcTemplate(db).queryForObject("select count(*) from drift_report", Integer.class)).isEqualTo(1);
  }

  @Test
  void aLargePlatformsReportIsStoredWhole() {
    DataSource db = emptyDatabase();
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    DriftStore store = new DriftStore(db);
    List<Finding> many = IntStream.range(0, 600).mapToObj(i -> new Finding("pa", "directory",
        "node" + i, "directories of pa-" + i, "the pool's host directories", "missing", "POST /api/v1/jobs",
        List.of("mkdir -p -m 0755 /var/lib/" + "x".repeat(2000)), null)).toList();

    store.save(new DriftReport(Instant.now().truncatedTo(ChronoUnit.MILLIS), "replica-a", null, "Heketi read", many));

    assertThat(store.last().orElseThrow().findings()).isEqualTo(many);
  }
}
