package dev.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An earlier version marked its queued and running jobs interrupted only at its next start: after an
 * upgrade they would wait for a claim forever. Migration 11 puts them on the job lane (on PostgreSQL).
 */
class JobClaimMigrationTests {

  @Test
  void jobsAnEarlierVersionLeftQueuedOrRunningArePutOnTheLane() {
    DriverManagerDataSource db = new DriverManagerDataSource(TestPostgres.freshSchemaUrl(), TestPostgres.USER,
        TestPostgres.PASSWORD);
    JdbcTemplate jdbc = new JdbcTemplate(db);
    Flyway.configure().dataSource(db).locations("classpath:db/migration").target("10").load().migrate();
    for (String state : new String[] {"QUEUED", "RUNNING", "SUCCEEDED", "INTERRUPTED"}) {
      jdbc.update("insert into job (id, type, state, request, cancel, created_at)"
          + " values (?, 'prepare-hosts', ?, '{}', false, current_timestamp)", state.toLowerCase(), state);
    }

    Flyway.configure().dataSource(db).locations("classpath:db/migration").target("11").load().migrate();

    assertThat(jdbc.queryForList("select task_instance from job_claim where task_name = ? and picked = false",
        String.class, JobLane.TASK)).containsExactlyInAnyOrder("queued", "running");
  }
}
