package dev.tandem.coordination;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

class ClaimedWorkOnH2Tests extends ClaimedWorkContract {

  @Override
  DriverManagerDataSource database() {
    return new DriverManagerDataSource("jdbc:h2:mem:claims;DB_CLOSE_DELAY=-1", "sa", "");
  }
}
