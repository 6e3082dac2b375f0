package dev.tandem.drift;

import dev.tandem.TestPostgres;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The drift report's migration and store on a real PostgreSQL (see {@link TestPostgres}). */
class DriftStoreOnPostgresTests extends DriftStoreContract {

  @Override
  DataSource emptyDatabase() {
    return new DriverManagerDataSource(TestPostgres.freshSchemaUrl(), TestPostgres.USER, TestPostgres.PASSWORD);
  }
}
