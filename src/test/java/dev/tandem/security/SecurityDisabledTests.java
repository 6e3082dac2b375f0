package dev.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** tandem.security.enabled=false deliberately opens everything. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"tandem.security.enabled=false",
    "spring.datasource.url=jdbc:h2:mem:open;DB_CLOSE_DELAY=-1"})
class SecurityDisabledTests {

  @LocalServerPort int port;

  @Test
  void mutationsNeedNoCredential() {
    TestHttp anonymous = new TestHttp(port, null, null);
    assertThat(anonymous.put("/api/v1/platform", TestHttp.YAML, TestHttp.example()).status()).isEqualTo(200);
    assertThat(anonymous.get("/api/v1/pools").status()).isEqualTo(200);
  }
}
