package dev.tandem.drift;

import javax.sql.DataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

class DriftStoreOnH2Tests extends DriftStoreContract {

  @Override
  DataSource emptyDatabase() {
    return new SingleConnectionDataSource("jdbc:h2:mem:drift" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "",
        true);
  }
}
