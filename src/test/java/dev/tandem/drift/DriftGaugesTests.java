package dev.tandem.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.tandem.coordination.CoordinationProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Two replicas on one database: the drift gauges of each show the stored last report, whichever replica
 * made it, so both show the same counts (the refresh each runs every cache-staleness is called here).
 */
class DriftGaugesTests {

  static final CoordinationProperties COORDINATION = new CoordinationProperties("replica-a", Duration.ofSeconds(5), 4,
      Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofHours(1));

  @Test
  void everyReplicasGaugesShowTheStoredLastReportNotTheLastOneItMade() {
    DataSource db = new SingleConnectionDataSource("jdbc:h2:mem:drift-gauges" + System.nanoTime()
        + ";DB_CLOSE_DELAY=-1", "sa", "", true);
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    DriftStore store = new DriftStore(db);
    SimpleMeterRegistry metersA = new SimpleMeterRegistry();
    SimpleMeterRegistry metersB = new SimpleMeterRegistry();
    DriftGauges a = new DriftGauges(store, COORDINATION, metersA);
    DriftGauges b = new DriftGauges(store, COORDINATION, metersB);
    try {
      DriftReport first = report(finding("pa", "container"), finding("pa", "container"),
          finding(null, "heketi-cluster"));
      store.save(first);
      a.count(first);   // replica A made it
      b.refresh();

      assertThat(value(metersB, "pa", "container")).as("replica B shows A's report").isEqualTo(2.0);
      assertThat(value(metersB, "-", "heketi-cluster")).isEqualTo(1.0);

      DriftReport second = report(finding("pb", "directory"));
      store.save(second);
      b.count(second);  // replica B made the next one
      a.refresh();

      assertThat(value(metersA, "pb", "directory")).as("replica A shows B's, not the one it made").isEqualTo(1.0);
      assertThat(metersA.find("tandem.drift.findings").tag("pool", "pa").gauge()).isNull();
      assertThat(value(metersB, "pb", "directory")).isEqualTo(1.0);
    } finally {
      a.destroy();
      b.destroy();
    }
  }

  @Test
  void aReportReadBeforeANewerOneWasCountedDoesNotRollTheGaugesBack() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    DriftGauges gauges = new DriftGauges(mock(DriftStore.class), COORDINATION, meters);
    try {
      Instant now = Instant.now();
      DriftReport older = report(now.minusSeconds(1), finding("pa", "container"));
      DriftReport newer = report(now, finding("pb", "directory"));

      gauges.count(newer);   // just made here
      gauges.count(older);   // what a refresh read from the store before the newer report was saved

      assertThat(value(meters, "pb", "directory")).as("the newer report's counts stay").isEqualTo(1.0);
      assertThat(meters.find("tandem.drift.findings").tag("pool", "pa").gauge()).isNull();
    } finally {
      gauges.destroy();
    }
  }

  private static DriftReport report(Finding... findings) {
    return report(Instant.now(), findings);
  }

  private static DriftReport report(Instant takenAt, Finding... findings) {
    return new DriftReport(takenAt, "replica", null, "Heketi read", List.of(findings));
  }

  private static Finding finding(String pool, String kind) {
    return new Finding(pool, kind, null, "object", "expected", "found", "repair", List.of(), null);
  }

  private static double value(SimpleMeterRegistry meters, String pool, String kind) {
    var gauge = meters.find("tandem.drift.findings").tag("pool", pool).tag("kind", kind).gauge();
    assertThat(gauge).as(pool + " " + kind).isNotNull();
    return gauge.value();
  }
}
