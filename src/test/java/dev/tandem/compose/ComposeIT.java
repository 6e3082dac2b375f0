package dev.tandem.compose;

import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import dev.tandem.exec.TestComponents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository's docker-compose.yml as a user runs it: the Tandem image built from the packaged jar,
 * PostgreSQL, two replicas and the load balancer, reached only through the load balancer's port. One
 * replica is stopped and the API still answers with the data written before. The stack is taken
 * down at the end, whatever happened, and nothing of the project may be left.
 */
class ComposeIT {

  static final Path LOGS = Path.of("target/compose-it");
  static final Duration READY_WITHIN = Duration.ofMinutes(3);
  static final Pattern CONTAINER_ID = Pattern.compile("\\b[0-9a-f]{12,64}\\b");

  static ComposeProject project;
  static List<String> replicas;

  @BeforeAll
  static void up() throws IOException {
    clean(LOGS);
    project = ComposeProject.create(LOGS);
    project.compose(Duration.ofMinutes(10), "build", "tandem-1");
    project.compose(Duration.ofMinutes(5), "up", "-d");
    replicas = List.of(containerOf("tandem-1"), containerOf("tandem-2"));
    awaitReady();
  }

  @AfterAll
  static void down() {
    if (project == null) {
      return;
    }
    List<String> volumes = new ArrayList<>();
    try {
      volumes.addAll(project.volumesOfContainers());
      project.compose(Duration.ofMinutes(1), "logs", "--no-color");
    } finally {
      try {
        project.compose(Duration.ofMinutes(2), "down", "-v", "--remove-orphans", "--timeout", "30");
      } finally {
        TestComponents.run("docker", "image", "rm", project.tandemImage);
        // the Dockerfile's first stage, which the legacy builder keeps as an untagged image
        TestComponents.run("docker", "image", "prune", "-f", "--filter", "label=dev.tandem.stage=extract");
      }
    }
    assertThat(project.listed("ps", "-a")).as("containers").isEmpty();
    assertThat(project.listed("network", "ls")).as("networks").isEmpty();
    assertThat(project.listed("volume", "ls")).as("volumes").isEmpty();
    assertThat(volumes).as("the volumes the containers had, named and anonymous").isNotEmpty()
        .noneMatch(volume -> TestComponents.run("docker", "volume", "inspect", volume));
  }

  @Test
  void theApiAnswersThroughTheLoadBalancerWithItsDataWhenOneReplicaStops() {
    TestHttp admin = new TestHttp(project.port, "admin", project.adminSecret);
    Response applied = admin.put("/api/v1/platform", YAML, TestHttp.example());
    assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
    String spec = admin.get("/api/v1/platform", YAML).body();
    Response created = admin.post("/api/v1/clients", "{\"name\":\"ocp\",\"role\":\"pool\",\"pools\":[\"gluster-ocp\"]}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    TestHttp ocp = new TestHttp(project.port, "ocp", created.json().get("secret").asString());

    project.compose(Duration.ofMinutes(1), "stop", "tandem-1");
    String stopped = project.docker(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Running}} {{.State.ExitCode}}",
        replicas.get(0)).strip();
    // 143: Tandem ended on the SIGTERM within the grace period; 137 would be the SIGKILL after it
    assertThat(stopped).as("tandem-1 after compose stop").isEqualTo("false 143");

    // round robin over both replicas: each of these reaches tandem-2, whatever the lb knows yet. Each on
    // a connection of its own, as curl sends them (a client whose kept-alive connection the lb closes
    // unanswered would send the request again on its own: that retry would hide a failed one).
    for (int i = 0; i < 6; i++) {
      Response pools = new TestHttp(project.port, "admin", project.adminSecret).get("/api/v1/pools");
      assertThat(pools.status()).as(pools.toString()).isEqualTo(200);
      assertThat(pools.json().valueStream().map(p -> p.get("name").asString()))
          .containsExactlyInAnyOrder("gluster-rhv", "gluster-ocp");
    }
    assertThat(admin.get("/api/v1/platform", YAML).body()).as("the platform spec").isEqualTo(spec);
    assertThat(admin.get("/api/v1/clients/ocp").status()).isEqualTo(200);
    Response ownPool = ocp.get("/api/v1/pools/gluster-ocp");
    assertThat(ownPool.status()).as("the client's secret, on its own pool: %s", ownPool).isEqualTo(200);
    assertThat(ocp.get("/api/v1/pools/gluster-rhv").status()).as("another pool").isEqualTo(403);
    Response another = admin.post("/api/v1/clients", "{\"name\":\"ops\",\"role\":\"viewer\"}");
    assertThat(another.status()).as("a write after the stop: %s", another).isEqualTo(201);
  }

  static void awaitReady() {
    TestHttp anonymous = new TestHttp(project.port, null, null);
    Instant until = Instant.now().plus(READY_WITHIN);
    while (true) {
      String health = project.docker(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Health.Status}}",
          replicas.get(0), replicas.get(1));
      boolean ready = health.strip().equals("healthy\nhealthy") && answers(anonymous);
      if (ready) {
        return;
      }
      assertThat(Instant.now()).as("both replicas healthy and the load balancer ready within " + READY_WITHIN
          + " (logs: " + LOGS + ")").isBefore(until);
      sleep(1000);
    }
  }

  static boolean answers(TestHttp anonymous) {
    try {
      return anonymous.get("/actuator/health/readiness").status() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  static String containerOf(String service) {
    Matcher id = CONTAINER_ID.matcher(project.compose(Duration.ofSeconds(30), "ps", "-q", service));
    assertThat(id.find()).as("the container of " + service).isTrue();
    return id.group();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void clean(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
