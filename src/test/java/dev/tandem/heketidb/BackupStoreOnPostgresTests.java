package dev.tandem.heketidb;

import dev.tandem.TestPostgres;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The backup table's migration and store on a real PostgreSQL (see {@link TestPostgres}). */
class BackupStoreOnPostgresTests extends BackupStoreContract {

  @Override
  DataSource emptyDatabase() {
    return new DriverManagerDataSource(TestPostgres.freshSchemaUrl(), TestPostgres.USER, TestPostgres.PASSWORD);
  }
}
