package dev.tandem.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With nothing listening at Heketi's URL, storage calls answer 503 problems that say so. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HeketiUnreachableTests {

  @DynamicPropertySource
  static void deadHeketi(DynamicPropertyRegistry registry) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int closed = port;
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:unreachable;DB_CLOSE_DELAY=-1");
    registry.add("tandem.heketi.url", () -> "http://127.0.0.1:" + closed);
    registry.add("tandem.heketi.connect-timeout", () -> "1s");
  }

  @LocalServerPort int port;

  @Test
  void reconcileAnswers503SayingHeketiIsUnreachable() {
    TestHttp http = new TestHttp(port);
    assertThat(http.put("/api/v1/platform", TestHttp.YAML, TestHttp.example()).status()).isEqualTo(200);

    TestHttp.Response answer = http.post("/api/v1/reconcile", "");

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.isProblem()).isTrue();
    assertThat(answer.json().get("type").asString()).isEqualTo("urn:tandem:problem:heketi-unavailable");
    assertThat(answer.json().get("detail").asString()).contains("unreachable");
  }
}
