package dev.tandem.heketi;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class HeketiConfig {

  @Bean
  SharedHeketiSlots heketiSlots(JdbcTemplate jdbc, TransactionTemplate tx, HeketiProperties properties) {
    return new SharedHeketiSlots(jdbc, tx, properties);
  }

  @Bean
  HeketiClient heketiClient(HeketiProperties properties, SharedHeketiSlots slots) {
    return new HeketiClient(properties, new HeketiTokens(properties.user(), properties.adminKey(), Clock.systemUTC()),
        slots);
  }
}
