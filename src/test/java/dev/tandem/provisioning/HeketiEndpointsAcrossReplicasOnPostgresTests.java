package dev.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.SharedSchemaReplicas;
import dev.tandem.heketi.FakeHeketi;
import dev.tandem.heketi.HeketiClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Heketi URL deploy-heketi records through one replica is used by another within
 * {@code tandem.coordination.cache-staleness} (two replicas on one PostgreSQL schema, no tandem.heketi.url).
 */
class HeketiEndpointsAcrossReplicasOnPostgresTests {

  static final Duration STALENESS = Duration.ofSeconds(1);
  static final FakeHeketi FIRST = new FakeHeketi(2048).listen();
  static final FakeHeketi SECOND = new FakeHeketi(2048).listen();
  static SharedSchemaReplicas replicas;
  static ConfigurableApplicationContext a;
  static ConfigurableApplicationContext b;

  @BeforeAll
  static void twoReplicas() {
    replicas = new SharedSchemaReplicas();
    a = replicas.start("--tandem.coordination.cache-staleness=" + STALENESS.toMillis() + "ms");
    b = replicas.start("--tandem.coordination.cache-staleness=" + STALENESS.toMillis() + "ms");
  }

  @AfterAll
  static void stop() {
    replicas.close();
    FIRST.shutdown();
    SECOND.shutdown();
  }

  @Test
  void aHeketiDeployedThroughOneReplicaIsUsedByTheOtherWithinTheStalenessBound() throws Exception {
    HeketiClient onB = b.getBean(HeketiClient.class);
    assertThat(onB.url()).isNull();

    for (FakeHeketi heketi : new FakeHeketi[] {FIRST, SECOND}) {
      URI url = URI.create(heketi.url());
      assertThat(a.getBean(HeketiEndpoints.class).use(url).changed()).isTrue();
      Instant recorded = Instant.now();   // use() records the URL last, after probing the Heketi
      assertThat(a.getBean(HeketiClient.class).url()).isEqualTo(url);

      while (!url.equals(onB.url())) {
        assertThat(Duration.between(recorded, Instant.now())).as("replica B still uses %s", onB.url())
            .isLessThan(STALENESS.plusMillis(1500));
        Thread.sleep(50);
      }
    }
  }
}
