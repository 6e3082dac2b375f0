package dev.tandem.coordination;

import dev.tandem.TestPostgres;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The lane contract on a real PostgreSQL (see {@link TestPostgres}). */
class ClaimedWorkOnPostgresTests extends ClaimedWorkContract {

  private static String url;

  @Override
  DriverManagerDataSource database() {
    if (url == null) {
      url = TestPostgres.freshSchemaUrl();
    }
    return new DriverManagerDataSource(url, TestPostgres.USER, TestPostgres.PASSWORD);
  }
}
