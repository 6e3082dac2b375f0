package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The embedded default keeps the inventory in a file: it survives a restart. */
class RestartTests {

  @Test
  void inventorySurvivesARestartOnTheFileBackedDefault(@TempDir Path data) {
    String url = "--spring.datasource.url=jdbc:h2:file:" + data.resolve("tandem") + ";LOCK_TIMEOUT=10000";
    try (ConfigurableApplicationContext first = start(url)) {
      TestHttp http = new TestHttp(port(first));
      assertThat(http.put("/api/v1/platform", TestHttp.YAML, TestHttp.example()).status()).isEqualTo(200);
    }
    try (ConfigurableApplicationContext second = start(url)) {
      TestHttp http = new TestHttp(port(second));
      assertThat(http.get("/api/v1/pools").json().findValuesAsString("name"))
          .contains("gluster-ocp", "gluster-rhv");
      assertThat(http.put("/api/v1/platform", TestHttp.YAML, TestHttp.example()).json().get("changes")).isEmpty();
    }
  }

  private static ConfigurableApplicationContext start(String url) {
    return new SpringApplicationBuilder(TandemApplication.class).run("--server.port=0", url);
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }
}
