package dev.tandem.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.RawHttp;
import dev.tandem.TestHttp;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** No tandem.heketi.url and nothing recorded: every Heketi-backed call answers 503 at once, saying how to fix it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:unconfigured;DB_CLOSE_DELAY=-1")
class HeketiNotConfiguredTests {

  @LocalServerPort int port;

  @Test
  void theHeketiCompatibleApiAnswers503InHeketisStyle() {
    RawHttp.Answer hello = RawHttp.get(port, "/hello", Duration.ofSeconds(5));

    assertThat(hello.status()).isEqualTo(503);
    assertThat(hello.header("Content-Type")).startsWith("text/plain");
    assertThat(hello.body()).startsWith("Heketi is not configured: ").contains("TANDEM_HEKETI_URL")
        .contains("deploy-heketi");
  }

  @Test
  void reconcileAnswersA503ProblemNamingTheSetting() {
    TestHttp.Response reconcile = new TestHttp(port).post("/api/v1/reconcile", "");

    assertThat(reconcile.status()).isEqualTo(503);
    assertThat(reconcile.isProblem()).isTrue();
    assertThat(reconcile.json().get("type").asString()).isEqualTo("urn:tandem:problem:heketi-not-configured");
    assertThat(reconcile.json().get("detail").asString()).contains("TANDEM_HEKETI_URL").contains("deploy-heketi");
    assertThat(reconcile.json().get("errors").get(0).get("field").asString()).isEqualTo("tandem.heketi.url");
  }

  @Test
  void healthShowsHeketiUnknownAndTandemUp() {
    TestHttp.Response health = new TestHttp(port).get("/actuator/health");

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asString()).isEqualTo("UP");
    assertThat(health.json().get("components").get("heketi").get("status").asString()).isEqualTo("UNKNOWN");
    assertThat(health.json().get("components").get("heketi").get("details").get("reason").asString())
        .isEqualTo("not configured");
    assertThat(new TestHttp(port).get("/actuator/health/readiness").status()).isEqualTo(200);
  }
}
