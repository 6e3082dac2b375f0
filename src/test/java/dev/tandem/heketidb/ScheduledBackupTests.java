package dev.tandem.heketidb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.heketi.FakeHeketi;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Backups on a short schedule, through the lane of claimed work, with retention (its count and age rules
 * apart: {@link BackupStoreContract}); and drift reports on a schedule of their own, on a lane of their own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// closed after the class: its schedule would go on backing up a stand-in that is gone
@DirtiesContext
class ScheduledBackupTests {

  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();

  @DynamicPropertySource
  static void heketi(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:backups-scheduled;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    registry.add("tandem.heketi.url", HEKETI::url);
    registry.add("tandem.heketi.admin-key", () -> FakeHeketi.ADMIN_KEY);
    registry.add("tandem.coordination.instance", () -> "replica-s");
    registry.add("tandem.coordination.polling", () -> "200ms");
    registry.add("tandem.backups.interval", () -> "500ms");
    registry.add("tandem.backups.keep", () -> "2");
    registry.add("tandem.backups.max-age", () -> "1d");
    registry.add("tandem.drift.interval", () -> "300ms");
  }

  @AfterAll
  static void stopHeketi() {
    HEKETI.shutdown();
  }

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @Test
  void backupsRunOnTheScheduleOnOneLaneAndRetentionDeletesTheOldest() {
    long old = jdbc.queryForObject("select id from final table (insert into heketi_backup"
        + " (taken_at, taken_by, outcome, size_bytes, sha256, content) values (?, 'replica-old', 'KEPT', 1, 'aa', ?))",
        Long.class, OffsetDateTime.now(ZoneOffset.UTC).minusDays(2), new byte[] {1});
    TestHttp admin = new TestHttp(port);

    Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> HEKETI.calls().stream().filter("GET /backup/db"::equals).count() >= 4);
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> admin.get("/api/v1/heketi/backups").json().size() == 2);

    List<JsonNode> kept = admin.get("/api/v1/heketi/backups").json().valueStream().toList();
    assertThat(kept).allSatisfy(b -> {
      assertThat(b.get("outcome").asString()).isEqualTo("KEPT");
      assertThat(b.get("takenBy").asString()).isEqualTo("replica-s");
    });
    assertThat(kept).extracting(b -> b.get("id").asLong()).doesNotContain(old)
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(kept.get(0).get("id").asLong()).as("older backups were deleted by count").isGreaterThan(3);
    assertThat(Instant.parse(kept.get(0).get("takenAt").asString())).isAfter(Instant.now().minusSeconds(30));
    assertThat(admin.get("/actuator/health/heketiBackups").json().get("status").asString()).isEqualTo("UP");
    assertThat(jdbc.queryForObject("select count(*) from backup_claim where task_name = ?", Integer.class,
        BackupLane.TASK)).as("one piece of scheduled work, whichever replica runs it").isEqualTo(1);
  }

  @Test
  void driftReportsRunOnTheirScheduleAndTheirFindingsAreGauges() {
    String stray = HEKETI.clusterMadeElsewhere();
    TestHttp admin = new TestHttp(port);

    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/drift").body().contains(stray));

    JsonNode report = admin.get("/api/v1/drift").json();
    assertThat(report.get("takenBy").asString()).isEqualTo("replica-s");
    assertThat(report.at("/findings/0/kind").asString()).isEqualTo("heketi-cluster");
    assertThat(admin.get("/actuator/prometheus", "text/plain").body())
        .contains("tandem_drift_findings{kind=\"heketi-cluster\",pool=\"-\"} 1.0");
    assertThat(jdbc.queryForObject("select count(*) from drift_report", Integer.class)).as("the last report only")
        .isEqualTo(1);
  }
}
