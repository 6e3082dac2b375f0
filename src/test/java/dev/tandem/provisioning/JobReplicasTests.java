package dev.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TandemApplication;
import dev.tandem.TestHttp;
import dev.tandem.TestPostgres;
import dev.tandem.coordination.ClaimedWork;
import dev.tandem.coordination.CoordinationProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Jobs on several replicas: full Tandems (scripted hosts) on one PostgreSQL schema, each with its own
 * job lane. A job runs once, each step once; a starting replica leaves a live replica's job alone; a
 * stopping replica hands its job back and another finishes it; a cancel sent to any replica stops the
 * job; a job whose replica was killed (its claim's heartbeats stopped) is resumed by another from its
 * first unfinished step.
 */
class JobReplicasTests {

  /** Short coordination times: a claim is dead one second after its last heartbeat. */
  static final CoordinationProperties FAST = new CoordinationProperties("fast", Duration.ofMillis(250), 4,
      Duration.ofMillis(200), Duration.ofSeconds(20), Duration.ofSeconds(3));
  static final String PREPARE = "{\"type\":\"prepare-hosts\"}";

  private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();
  private String url;

  @BeforeEach
  void database() {
    url = TestPostgres.freshSchemaUrl();
  }

  @AfterEach
  void stopReplicas() {
    replicas.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void jobsStartedOnTwoReplicasRunOnceEachStepExactlyOnce() {
    ConfigurableApplicationContext a = replica("replica-a");
    TestHttp httpA = http(a);
    platform(httpA);
    JsonNode alone = await(httpA, accepted(httpA, PREPARE));
    assertThat(alone.get("state").asString()).isEqualTo("succeeded");
    int perJob = ScriptedHostsConfiguration.commands(a);
    ConfigurableApplicationContext b = replica("replica-b");
    TestHttp httpB = http(b);

    List<JsonNode> started = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      started.add(accepted(i % 2 == 0 ? httpA : httpB, PREPARE));
    }
    for (JsonNode job : started) {
      JsonNode ended = await(httpA, job);
      assertThat(ended.get("state").asString()).isEqualTo("succeeded");
      assertThat(steps(ended)).allSatisfy(step -> {
        assertThat(step.get("attempts").asInt()).as("attempts of step %s", step.get("seq")).isEqualTo(1);
        assertThat(step.get("replica").asString()).isIn("replica-a", "replica-b");
      });
    }
    assertThat(ScriptedHostsConfiguration.commands(a) + ScriptedHostsConfiguration.commands(b))
        .as("every command of the six jobs was sent once, by one replica or the other").isEqualTo(7 * perJob);
  }

  @Test
  void aStartingReplicaLeavesALiveReplicasJobAloneAndContinuesItWhenThatReplicaStops() throws Exception {
    ConfigurableApplicationContext a = replica("replica-a");
    TestHttp httpA = http(a);
    platform(httpA);
    CountDownLatch gate = ScriptedHostsConfiguration.hold(a, "node1");
    JsonNode job = accepted(httpA, PREPARE);
    String self = job.get("self").asString();
    awaitNode1Running(httpA, self);

    ConfigurableApplicationContext b = replica("replica-b");
    TestHttp httpB = http(b);
    sleep(FAST.deadAfter().multipliedBy(2));
    JsonNode meanwhile = httpB.get(self).json();
    assertThat(meanwhile.get("state").asString()).as("the starting replica left the job alone").isEqualTo("running");
    JsonNode held = node1(meanwhile).get(0);
    assertThat(held.get("state").asString()).isEqualTo("running");
    assertThat(held.get("attempts").asInt()).isEqualTo(1);
    assertThat(held.get("replica").asString()).isEqualTo("replica-a");

    ClaimedWork laneA = a.getBean(JobLane.BEAN, ClaimedWork.class);
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(a::close);
    awaitThat(() -> !laneA.isRunning());
    gate.countDown();
    stopping.get(30, TimeUnit.SECONDS);

    JsonNode ended = await(httpB, job);
    assertThat(ended.get("state").asString()).isEqualTo("succeeded");
    List<JsonNode> node1 = node1(ended);
    assertThat(node1.get(0).get("replica").asString()).as("the running step ended on A").isEqualTo("replica-a");
    assertThat(node1.stream().skip(1).map(s -> s.get("replica").asString()))
        .as("no further step started on the stopping replica").containsOnly("replica-b");
    assertThat(steps(ended)).allSatisfy(s -> assertThat(s.get("attempts").asInt()).isEqualTo(1));
    assertThat(httpB.get(job.get("log").asString(), "text/plain").body())
        .contains("== handed back by replica-a, which is stopping");
  }

  @Test
  void aReplicaWhoseClaimWasGivenToAnotherStartsNoFurtherStep() {
    ConfigurableApplicationContext a = replica("replica-a");
    TestHttp httpA = http(a);
    platform(httpA);
    CountDownLatch gate = ScriptedHostsConfiguration.hold(a, "node1");
    JsonNode job = accepted(httpA, PREPARE);
    String id = job.get("id").asString();
    String self = job.get("self").asString();
    awaitNode1Running(httpA, self);
    // what the lane does when A's heartbeats were not renewed in time (A lost the database, say): the
    // claim is replica B's now (picked again: a new version, B's fresh heartbeats), while A still runs its step
    a.getBean(org.springframework.jdbc.core.JdbcTemplate.class).update("update job_claim set picked_by = 'replica-b',"
        + " version = version + 1, last_heartbeat = ? where task_instance = ?",
        java.sql.Timestamp.from(java.time.Instant.now().plus(Duration.ofHours(1))), id);
    gate.countDown();

    awaitThat(() -> httpA.get(self).json().toString().contains("\"state\":\"changed\""));
    sleep(Duration.ofSeconds(1));
    JsonNode after = httpA.get(self).json();
    List<JsonNode> node1 = node1(after);
    assertThat(node1.get(0).get("state").asString()).as("the step that ran ended").isEqualTo("changed");
    assertThat(node1.stream().skip(1).map(s -> s.get("attempts").asInt()))
        .as("no further step started on the replica that lost the claim").isNotEmpty().containsOnly(0);
    assertThat(after.get("state").asString()).as("nor did it end the job").isIn("running", "queued");
  }

  @Test
  void aCancelSentToAnotherReplicaStopsTheJobAfterItsRunningSteps() {
    ConfigurableApplicationContext a = replica("replica-a");
    TestHttp httpA = http(a);
    platform(httpA);
    CountDownLatch gate = ScriptedHostsConfiguration.hold(a, "node1");
    JsonNode job = accepted(httpA, PREPARE);
    String self = job.get("self").asString();
    awaitNode1Running(httpA, self);
    TestHttp httpB = http(replica("replica-b"));

    TestHttp.Response cancel = httpB.post("/api/v1/jobs/" + job.get("id").asString() + "/cancel", "");
    assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
    gate.countDown();

    JsonNode ended = await(httpB, job);
    assertThat(ended.get("state").asString()).isEqualTo("cancelled");
    List<JsonNode> node1 = node1(ended);
    assertThat(node1.get(0).get("state").asString()).as("the running step ended").isEqualTo("changed");
    assertThat(node1.stream().skip(1).map(s -> s.get("state").asString())).isNotEmpty().containsOnly("cancelled");
  }

  @Test
  void aJobWhoseReplicaWasKilledIsResumedFromItsFirstUnfinishedStepsByALiveReplica() throws Exception {
    ConfigurableApplicationContext a = replica("replica-a");
    TestHttp httpA = http(a);
    platform(httpA);
    JsonNode done = await(httpA, accepted(httpA, PREPARE));
    String id = done.get("id").asString();
    List<JsonNode> steps = steps(done);
    int before = ScriptedHostsConfiguration.commands(a);

    // what a replica killed mid-job leaves: the job running, on each host its first step done and its second
    // running, the rest pending, and the job's claim, whose heartbeats stop now
    Instant killed;
    try (Connection c = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD)) {
      c.setAutoCommit(false);
      update(c, "update job set state = 'RUNNING', ended_at = null, message = null where id = ?", id);
      Set<String> hosts = new HashSet<>();
      Set<String> second = new HashSet<>();
      for (JsonNode step : steps) {
        String host = step.get("host").asString();
        String state = hosts.add(host) ? "CHANGED" : second.add(host) ? "RUNNING" : "PENDING";
        update(c, "update job_step set state = '" + state + "', attempts = " + (state.equals("PENDING") ? 0 : 1)
            + ", replica = " + (state.equals("PENDING") ? "null" : "'killed-replica'") + ", ended_at = null"
            + " where job_id = ? and seq = " + step.get("seq").asInt(), id);
      }
      killed = Instant.now();
      try (PreparedStatement s = c.prepareStatement("insert into job_claim (task_name, task_instance,"
          + " execution_time, picked, picked_by, last_heartbeat, version) values ('job', ?, ?, true, 'killed-replica',"
          + " ?, 1)")) {
        s.setString(1, id);
        s.setTimestamp(2, Timestamp.from(killed));
        s.setTimestamp(3, Timestamp.from(killed));
        s.executeUpdate();
      }
      c.commit();
    }

    awaitThat(() -> !httpA.get("/api/v1/jobs/" + id).json().get("state").asString().equals("running"));
    Duration takeover = Duration.between(killed, Instant.now());
    JsonNode resumed = httpA.get("/api/v1/jobs/" + id).json();
    assertThat(resumed.get("state").asString()).isEqualTo("succeeded");
    assertThat(takeover).as("not before the claim is dead, and soon after").isGreaterThan(FAST.deadAfter())
        .isLessThan(Duration.ofSeconds(15));
    Set<String> hosts = new HashSet<>();
    Set<String> second = new HashSet<>();
    for (JsonNode step : steps(resumed)) {
      String host = step.get("host").asString();
      if (hosts.add(host)) {
        assertThat(step.get("attempts").asInt()).as("a done step is not run again").isEqualTo(1);
        assertThat(step.get("replica").asString()).isEqualTo("killed-replica");
      } else if (second.add(host)) {
        assertThat(step.get("attempts").asInt()).as("the step cut by the kill runs again").isEqualTo(2);
        assertThat(step.get("replica").asString()).isEqualTo("replica-a");
      } else {
        assertThat(step.get("attempts").asInt()).isEqualTo(1);
        assertThat(step.get("replica").asString()).isEqualTo("replica-a");
      }
    }
    assertThat(ScriptedHostsConfiguration.commands(a) - before).as("fewer commands than a whole job")
        .isPositive().isLessThan(before);
    assertThat(httpA.get("/api/v1/jobs/" + id + "/log", "text/plain").body()).contains("== resumed on replica-a");
  }

  // ---- helpers ----

  private ConfigurableApplicationContext replica(String name) {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(TandemApplication.class,
        ScriptedHostsConfiguration.class).run("--server.port=0", "--spring.datasource.url=" + url,
        "--spring.datasource.username=" + TestPostgres.USER, "--spring.datasource.password=" + TestPostgres.PASSWORD,
        "--tandem.coordination.instance=" + name, "--tandem.coordination.heartbeat=" + FAST.heartbeat().toMillis()
            + "ms", "--tandem.coordination.missed-heartbeats=" + FAST.missedHeartbeats(),
        "--tandem.coordination.polling=" + FAST.polling().toMillis() + "ms",
        "--tandem.provisioning.ssh-key-file=target/replicas-it/tandem_ssh_key",
        "--tandem.provisioning.docker-tls-dir=target/replicas-it/tls",
        "--tandem.provisioning.heketi-start-timeout=1s");
    replicas.add(context);
    return context;
  }

  private static TestHttp http(ConfigurableApplicationContext context) {
    return new TestHttp(((WebServerApplicationContext) context).getWebServer().getPort());
  }

  private static void platform(TestHttp http) {
    assertThat(http.put("/api/v1/platform", TestHttp.YAML, TestHttp.example()).status()).isEqualTo(200);
  }

  private static JsonNode accepted(TestHttp http, String request) {
    TestHttp.Response accepted = http.post("/api/v1/jobs", request);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    return accepted.json();
  }

  private static JsonNode await(TestHttp http, JsonNode job) {
    String self = job.get("self").asString();
    awaitThat(() -> !Set.of("queued", "running").contains(http.get(self).json().get("state").asString()));
    return http.get(self).json();
  }

  private static List<JsonNode> steps(JsonNode job) {
    return StreamSupport.stream(job.get("steps").spliterator(), false).toList();
  }

  private static List<JsonNode> node1(JsonNode job) {
    return steps(job).stream().filter(s -> s.get("host").asString().equals("node1")).toList();
  }

  private static void update(Connection c, String sql, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, id);
      assertThat(s.executeUpdate()).as(sql).isEqualTo(1);
    }
  }

  /** Until the job's first node1 step runs (held there by the scripted hosts). */
  private static void awaitNode1Running(TestHttp http, String self) {
    awaitThat(() -> steps(http.get(self).json()).stream().anyMatch(s -> s.get("host").asString().equals("node1")
        && s.get("state").asString().equals("running")));
  }

  private static void awaitThat(BooleanSupplier condition) {
    Instant until = Instant.now().plusSeconds(40);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waited 40 s").isBefore(until);
      sleep(Duration.ofMillis(50));
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
