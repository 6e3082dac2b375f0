package dev.tandem.heketi;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HeketiConfig {

  @Bean
  HeketiClient heketiClient(HeketiProperties properties) {
    return new HeketiClient(properties, new HeketiTokens(properties.user(), properties.adminKey(), Clock.systemUTC()));
  }
}
