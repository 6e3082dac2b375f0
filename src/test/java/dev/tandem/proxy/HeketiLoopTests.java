package dev.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.RawHttp;
import dev.tandem.TestHttp;
import dev.tandem.heketi.HeketiClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tandem whose Heketi URL is its own address: every request that would loop is refused at once
 * with 508 (the hop marker comes back to it), nothing hangs, and no connection stays held.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class HeketiLoopTests {

  static final Duration PROMPTLY = Duration.ofSeconds(5);
  static final int PORT = freePort();

  @DynamicPropertySource
  static void pointedAtItself(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:loop;DB_CLOSE_DELAY=-1");
    registry.add("server.port", () -> PORT);
    registry.add("tandem.heketi.url", () -> "http://127.0.0.1:" + PORT);
    registry.add("tandem.heketi.instance", () -> "loop-test");
  }

  @Autowired HeketiClient heketi;

  @Test
  void anonymousHelloIsRefusedAtOnceAsALoop() {
    RawHttp.Answer hello = RawHttp.get(PORT, "/hello", PROMPTLY);

    assertThat(hello.status()).isEqualTo(508);
    assertThat(hello.header("Content-Type")).startsWith("text/plain");
    assertThat(hello.body()).contains("points at a Tandem, not at a Heketi").contains("TANDEM_HEKETI_URL");
    assertThat(heketi.leasedConnections()).as("no connection held after the answer").isZero();
  }

  @Test
  void reconcileAnswersAProblemNamingTheMisconfiguredUrl() {
    TestHttp.Response reconcile = new TestHttp(PORT).post("/api/v1/reconcile", "");

    assertThat(reconcile.status()).isEqualTo(508);
    assertThat(reconcile.isProblem()).isTrue();
    assertThat(reconcile.json().get("type").asString()).isEqualTo("urn:tandem:problem:heketi-loop");
    assertThat(reconcile.json().get("detail").asString())
        .contains("http://127.0.0.1:" + PORT + " points at a Tandem, not at a Heketi");
    assertThat(reconcile.json().get("errors").get(0).get("field").asString()).isEqualTo("tandem.heketi.url");
    assertThat(heketi.leasedConnections()).isZero();
  }

  @Test
  void aRequestThatPassedThroughAnyTandemIsRefusedBeforeAuthentication() {
    RawHttp.Answer replica = RawHttp.get(PORT, "/volumes", PROMPTLY, "Via: 1.0 lb, 1.1 tandem-replica-2");

    assertThat(replica.status()).as("not 401: the loop is named first").isEqualTo(508);
    assertThat(replica.body()).contains("tandem-replica-2");
    assertThat(RawHttp.get(PORT, "/volumes", PROMPTLY, "Via: 1.1 squid").status())
        .as("other proxies pass; no credential").isEqualTo(401);
  }

  @Test
  void aBurstOfFortyLoopingRequestsAllAnswerPromptly() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(40);
    try {
      List<Future<RawHttp.Answer>> answers = IntStream.range(0, 40)
          .mapToObj(i -> clients.submit(() -> RawHttp.get(PORT, "/hello", PROMPTLY))).toList();
      for (Future<RawHttp.Answer> answer : answers) {
        assertThat(answer.get(PROMPTLY.toSeconds() * 2, TimeUnit.SECONDS).status()).isEqualTo(508);
      }
    } finally {
      clients.shutdownNow();
    }
    assertThat(heketi.leasedConnections()).isZero();
  }

  @Test
  void healthStaysUpWithHeketiUnreachable() {
    TestHttp.Response health = new TestHttp(PORT).get("/actuator/health");

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asString()).isEqualTo("UP");
    assertThat(health.json().get("components").get("heketi").get("status").asString()).isEqualTo("UNREACHABLE");
    assertThat(new TestHttp(PORT).get("/actuator/health/readiness").status()).isEqualTo(200);
    assertThat(new TestHttp(PORT).get("/actuator/health/heketi").status()).as("for alerts on Heketi").isEqualTo(503);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
