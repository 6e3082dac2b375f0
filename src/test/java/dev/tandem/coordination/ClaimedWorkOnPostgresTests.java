package dev.tandem.coordination;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.TestPostgres;
import org.junit.jupiter.api.AfterAll;

/**
 * The lane contract on a real PostgreSQL (see {@link TestPostgres}), through a connection pool as in
 * Tandem: a new PostgreSQL connection for each of the lanes' statements made the busiest test take
 * seconds where H2 takes a fraction of one.
 */
class ClaimedWorkOnPostgresTests extends ClaimedWorkContract {

  private static HikariDataSource pool;

  @Override
  HikariDataSource database() {
    if (pool == null) {
      pool = new HikariDataSource();
      pool.setJdbcUrl(TestPostgres.freshSchemaUrl());
      pool.setUsername(TestPostgres.USER);
      pool.setPassword(TestPostgres.PASSWORD);
      pool.setMaximumPoolSize(8);
    }
    return pool;
  }

  /** The pool's connections back to the server, which later test classes share. */
  @AfterAll
  static void closePool() {
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }
}
