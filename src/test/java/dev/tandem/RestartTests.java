package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.coordination.ClaimedWork;
import dev.tandem.provisioning.ScriptedHostsConfiguration;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The embedded default keeps the inventory and the jobs in a file: they survive a restart. */
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

  @Test
  void aJobRunningWhenTandemStopsIsResumedByTheNextStartFromItsFirstUnfinishedStep(@TempDir Path data)
      throws Exception {
    String url = "--spring.datasource.url=jdbc:h2:file:" + data.resolve("tandem") + ";LOCK_TIMEOUT=10000";
    String self;
    ConfigurableApplicationContext first = start(url, "--tandem.coordination.instance=first");
    try {
      TestHttp http = new TestHttp(port(first));
      assertThat(http.put("/api/v1/platform", TestHttp.YAML, TestHttp.example()).status()).isEqualTo(200);
      CountDownLatch gate = ScriptedHostsConfiguration.hold(first, "node1");
      TestHttp.Response accepted = http.post("/api/v1/jobs", "{\"type\":\"prepare-hosts\",\"hosts\":[\"node1\"]}");
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      self = accepted.json().get("self").asString();
      awaitThat(() -> http.get(self).json().get("steps").get(0).get("state").asString().equals("running"));
      ClaimedWork lane = first.getBean("jobClaims", ClaimedWork.class);
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(first::close);
      awaitThat(() -> !lane.isRunning());
      gate.countDown();
      stopping.get(30, TimeUnit.SECONDS);
    } finally {
      first.close();
    }
    try (ConfigurableApplicationContext second = start(url, "--tandem.coordination.instance=second")) {
      TestHttp http = new TestHttp(port(second));
      awaitThat(() -> !Set.of("queued", "running").contains(http.get(self).json().get("state").asString()));
      JsonNode job = http.get(self).json();
      assertThat(job.get("state").asString()).as("resumed without a retry").isEqualTo("succeeded");
      JsonNode steps = job.get("steps");
      assertThat(steps.get(0).get("replica").asString()).as("the step running at the stop ended there")
          .isEqualTo("first");
      for (int i = 1; i < steps.size(); i++) {
        assertThat(steps.get(i).get("replica").asString()).isEqualTo("second");
      }
      assertThat(steps.valueStream().map(s -> s.get("attempts").asInt())).containsOnly(1);
    }
  }

  private static ConfigurableApplicationContext start(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "--server.port=0";
    all[1] = "--tandem.provisioning.ssh-key-file=target/restart-it/tandem_ssh_key";
    all[2] = "--tandem.coordination.polling=200ms";
    all[3] = "--tandem.provisioning.heketi-start-timeout=1s";
    System.arraycopy(args, 0, all, 4, args.length);
    return new SpringApplicationBuilder(TandemApplication.class, ScriptedHostsConfiguration.class).run(all);
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  private static void awaitThat(BooleanSupplier condition) {
    Instant until = Instant.now().plusSeconds(40);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waited 40 s").isBefore(until);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
