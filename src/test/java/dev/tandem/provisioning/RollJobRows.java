package dev.tandem.provisioning;

import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A roll-pool job as its row says it runs, for tests of the hold it puts on a pool's volume operations
 * without running it (no job claim: no replica picks it up).
 */
public final class RollJobRows {

  /** A running roll-pool job for {@code pool}; answers its id. */
  public static String running(JdbcTemplate jdbc, String pool) {
    String id = UUID.randomUUID().toString();
    jdbc.update("insert into job (id, type, state, request, cancel, created_at) values (?, 'roll-pool', 'RUNNING',"
        + " ?, false, current_timestamp)", id, "{\"type\":\"roll-pool\",\"pools\":[\"" + pool + "\"]}");
    return id;
  }

  /** The job ends (as a failed one does). */
  public static void end(JdbcTemplate jdbc, String id) {
    jdbc.update("update job set state = 'FAILED', ended_at = current_timestamp where id = ?", id);
  }

  private RollJobRows() {}
}
