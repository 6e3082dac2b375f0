package dev.tandem.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code tandem.coordination.*} as Tandem binds it at start. */
class CoordinationPropertiesTests {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(CoordinationProperties.class)
  static class Bound {}

  private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

  @Test
  void aCacheStalenessOfZeroStopsTheStartNamingThePropertyAndItsLeast() {
    context.withPropertyValues("tandem.coordination.cache-staleness=0").run(started -> {
      assertThat(started).hasFailed();
      assertThat(started.getStartupFailure()).hasStackTraceContaining("cacheStaleness")
          .hasStackTraceContaining("must be longer than or equal to 1 milli");
    });
    context.withPropertyValues("tandem.coordination.cache-staleness=1ms")
        .run(started -> assertThat(started).hasNotFailed());
  }
}
