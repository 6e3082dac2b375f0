package dev.tandem.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TcpGate;
import dev.tandem.TestHttp;
import dev.tandem.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Readiness follows the database: Tandem reaches a real PostgreSQL through a gate the test cuts and
 * opens again (the server itself, shared with other tests, is never touched).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // closed after the class while its gate is open: a cached context would go on polling a closed gate
class DatabaseReadinessOnPostgresTests {

  static TcpGate gate;

  @DynamicPropertySource
  static void postgresThroughGate(DynamicPropertyRegistry registry) {
    String url = TestPostgres.freshSchemaUrl();
    Matcher m = Pattern.compile("^jdbc:postgresql://([^/:]+)(?::(\\d+))?/(.*)$").matcher(url);
    assertThat(m.matches()).as(url).isTrue();
    gate = new TcpGate(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
    String gated = "jdbc:postgresql://127.0.0.1:" + gate.port() + "/" + m.group(3);
    registry.add("spring.datasource.url", () -> gated);
    registry.add("spring.datasource.username", () -> TestPostgres.USER);
    registry.add("spring.datasource.password", () -> TestPostgres.PASSWORD);
    registry.add("spring.flyway.schemas", () -> m.group(3).replaceAll(".*currentSchema=", ""));
  }

  @AfterAll
  static void closeGateWithTheJvm() {
    // not now: the context closes after this method, and it still talks to the database through the gate
    if (gate != null) {
      Runtime.getRuntime().addShutdownHook(new Thread(gate::close));
    }
  }

  @LocalServerPort int port;

  @Test
  void readinessIsDownWhileTheDatabaseIsUnreachableAndUpWhenItReturnsLivenessStaysUp() throws Exception {
    TestHttp http = new TestHttp(port);
    assertThat(probe(http, "readiness").status()).isEqualTo(200);

    gate.cut();
    awaitStatus(http, s -> s == 503);
    Instant asked = Instant.now();
    TestHttp.Response down = probe(http, "readiness");
    assertThat(down.status()).isEqualTo(503);
    assertThat(Duration.between(asked, Instant.now())).as("the probe answers fast").isLessThan(Duration.ofSeconds(4));
    assertThat(down.body()).contains("\"database\"").contains("DOWN");
    assertThat(probe(http, "liveness").status()).isEqualTo(200);

    gate.open();
    awaitStatus(http, s -> s == 200);
    assertThat(probe(http, "liveness").status()).isEqualTo(200);
  }

  /** As a kubelet asks: without credentials. */
  private static TestHttp.Response probe(TestHttp http, String which) {
    return http.send("GET", "/actuator/health/" + which, null, null, "application/json", null);
  }

  private static void awaitStatus(TestHttp http, IntPredicate wanted) throws InterruptedException {
    Instant until = Instant.now().plusSeconds(40);
    int status;
    while (!wanted.test(status = probe(http, "readiness").status())) {
      assertThat(Instant.now()).as("readiness still answers %s", status).isBefore(until);
      Thread.sleep(200);
    }
  }
}
