package dev.tandem.heketidb;

import javax.sql.DataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

class BackupStoreOnH2Tests extends BackupStoreContract {

  /**
   * One connection kept open, as the application's pool keeps them: H2 evaluates a check constraint
   * in the session that created it, and refuses rows once that session is closed.
   */
  @Override
  DataSource emptyDatabase() {
    return new SingleConnectionDataSource("jdbc:h2:mem:backups" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "",
        true);
  }
}
