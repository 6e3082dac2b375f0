package dev.tandem.replicas;

import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import dev.tandem.exec.TestHosts;
import dev.tandem.heketi.FakeHeketi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;

/**
 * Three Tandem processes (the built jar) on one real PostgreSQL of the test's own, with the Heketi
 * stand-in in this JVM and sshd/Docker test hosts: what must hold when a replica dies, when two
 * replicas race, and when the database restarts. Replicas killed by a test are started again before
 * the next one; every process is killed at the end, whatever happened.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

  static final Set<String> RUNNING = Set.of("queued", "running");
  static final Set<String> STEP_DONE = Set.of("changed", "unchanged");

  static PrivatePostgres postgres;
  static FakeHeketi heketi;
  static Replicas replicas;

  @RegisterExtension
  static final TestWatcher TAILS = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (replicas != null) {
        System.err.println("replica logs after the failure of " + context.getDisplayName() + ":\n" + replicas.tails());
      }
    }
  };

  @BeforeAll
  static void start() throws Exception {
    ReplicaPlatform.requireComponents();
    Replica.jar();
    postgres = PrivatePostgres.start();
    heketi = new FakeHeketi(2048).listen();
    Path dir = Path.of("target/replicas-it").toAbsolutePath();
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    replicas = new Replicas(dir, postgres.jdbcUrl(), postgres.user(), postgres.password(), heketi.url(),
        FakeHeketi.ADMIN_KEY,
        List.of(
            // a killed replica's claims are dead 15 s after its last heartbeat (by default 20 s), and
            // looked for every 500 ms: the takeovers below wait that long, no longer. 15 s is above what
            // a live replica can go without a heartbeat in the restart test (a readiness round of ~2 s,
            // pg_ctl start on a loaded machine, then Hikari's reconnect backoff of up to 5 s): claims
            // outlive that restart, as they do with the defaults
            "--tandem.coordination.heartbeat=1s",
            "--tandem.coordination.missed-heartbeats=15",
            "--tandem.coordination.polling=500ms",
            "--tandem.heketi.poll-interval=100ms",
            "--tandem.heketi.operation-deadline=10s",
            "--tandem.provisioning.root-prefix=" + ReplicaPlatform.ROOT + "/{host}",
            "--tandem.provisioning.host-parallelism=1",
            "--tandem.provisioning.heketi-start-timeout=1s"));
    replicas.ensureRunning();
    TestHttp a = admin("a");
    List<String> addresses = ReplicaPlatform.startHosts(a.get("/api/v1/provisioning/ssh-key", "text/plain").body());
    Response applied = a.put("/api/v1/platform", YAML, ReplicaPlatform.spec(addresses));
    assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (replicas != null) {
      replicas.killAll();
    }
    if (heketi != null) {
      heketi.shutdown();
    }
    if (postgres != null) {
      postgres.destroy();
    }
    ReplicaPlatform.cleanUp();
  }

  @BeforeEach
  void allThreeRunning() {
    replicas.ensureRunning();
    heketi.delayTerminalAnswers(0);
  }

  static TestHttp admin(String replica) {
    return replicas.get(replica).admin(Replicas.ADMIN_SECRET);
  }

  @Test
  @Order(1)
  void aClientMadeOnAWorksOnBAndCAndItsRevocationOnBReachesAWithinTheCacheBound() {
    Response created = admin("a").post("/api/v1/clients", "{\"name\":\"it-viewer\",\"role\":\"viewer\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String secret = created.json().get("secret").asString();
    for (Replica r : replicas.all()) {
      assertThat(r.as("it-viewer", secret).get("/api/v1/pools").status()).as("on " + r.name).isEqualTo(200);
    }

    assertThat(admin("b").delete("/api/v1/clients/it-viewer").status()).isEqualTo(204);
    Instant revoked = Instant.now();
    // tandem.coordination.cache-staleness, and the time of a request
    Instant bound = revoked.plus(Duration.ofSeconds(3)).plusMillis(1500);
    assertThat(replicas.get("b").as("it-viewer", secret).get("/api/v1/pools").status())
        .as("the revoked client on B, at once").isEqualTo(401);
    for (String other : List.of("a", "c")) {
      TestHttp on = replicas.get(other).as("it-viewer", secret);
      int status = on.get("/api/v1/pools").status();
      while (status != 401 && Instant.now().isBefore(bound)) {
        Replica.sleep(100);
        status = on.get("/api/v1/pools").status();
      }
      assertThat(status).as("the revoked client on " + other + ", within 3 s of its revocation on B").isEqualTo(401);
    }
  }

  @Test
  @Order(2)
  void twoReconcilesAtTheSameMomentOnTwoReplicasWriteOnce() throws Exception {
    String path = "/api/v1/pools/" + ReplicaPlatform.HEKETI_POOL + "/reconcile";
    int before = heketi.calls().size();
    CyclicBarrier together = new CyclicBarrier(2);
    List<CompletableFuture<Response>> answers = new ArrayList<>();
    for (String r : List.of("a", "b")) {
      answers.add(CompletableFuture.supplyAsync(() -> {
        await(together);
        return admin(r).post(path, "");
      }));
    }
    List<Response> done = answers.stream().map(CompletableFuture::join).toList();

    List<Response> ran = done.stream().filter(x -> x.status() == 200).toList();
    assertThat(ran).as("%s", done).isNotEmpty();
    for (Response refused : done.stream().filter(x -> x.status() != 200).toList()) {
      assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
      assertThat(refused.json().get("type").asString()).isEqualTo("urn:tandem:problem:reconcile-running");
    }
    List<String> calls = heketi.calls();
    List<String> writes = calls.subList(before, calls.size()).stream()
        .filter(c -> c.startsWith("POST ") || c.startsWith("DELETE ")).toList();
    // one reconcile of a pool Heketi does not know: its cluster, a node per member, a device per member
    assertThat(writes).as("%s", done).hasSize(1 + 2 * ReplicaPlatform.HOSTS);
    assertThat(writes.stream().filter(w -> w.equals("POST /clusters"))).hasSize(1);
    assertThat(ran.stream().mapToInt(x -> x.json().at("/heketiCalls/writes").asInt()).sum()).isEqualTo(writes.size());
  }

  @Test
  @Order(3)
  void provisionPlatformCompletesOnAnotherReplicaWhenItsReplicaIsKilledMidJob() {
    Set<String> keys = replicas.all().stream()
        .map(r -> r.admin(Replicas.ADMIN_SECRET).get("/api/v1/provisioning/ssh-key", "text/plain").body())
        .collect(Collectors.toSet());
    assertThat(keys).as("one SSH key pair for the platform").hasSize(1);

    Response accepted = admin("a").post("/api/v1/jobs", ReplicaPlatform.provisionRequest());
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String self = accepted.json().get("self").asString();
    JsonNode view = admin("a").get(self).json();
    Instant until = Instant.now().plusSeconds(120);
    while (!(count(view, STEP_DONE) >= 2 && count(view, Set.of("pending")) >= 3) && Instant.now().isBefore(until)) {
      assertThat(view.get("state").asString()).as("%s", view).isIn(RUNNING);
      Replica.sleep(50);
      view = admin("a").get(self).json();
    }
    assertThat(count(view, STEP_DONE)).as("two steps done, three pending: %s", view).isGreaterThanOrEqualTo(2);
    JsonNode firstDone = view.get("steps").valueStream().filter(s -> STEP_DONE.contains(state(s))).findFirst()
        .orElseThrow();
    Replica runner = replicas.get(firstDone.path("replica").asString("a"));
    Instant killed = Instant.now();
    runner.kill();
    Instant dead = Instant.now();
    assertThat(runner.exitCode()).as("SIGKILL").isEqualTo(137);

    TestHttp survivor = replicas.others(runner).get(0).admin(Replicas.ADMIN_SECRET);
    JsonNode end = awaitJob(survivor, self, Duration.ofSeconds(180));
    assertThat(end.get("state").asString()).as("%s", end).isEqualTo("succeeded");
    Instant takeover = null;
    int after = 0;
    for (JsonNode step : end.get("steps")) {
      assertThat(state(step)).as("%s", step).isIn(STEP_DONE);
      assertThat(step.path("attempts").asInt(0)).as("attempts of %s", step).isBetween(1, 2);
      if (time(step, "endedAt").isBefore(dead)) {
        assertThat(step.get("attempts").asInt()).as("%s", step).isEqualTo(1);
        assertThat(step.get("replica").asString()).as("%s", step).isEqualTo(runner.name);
      } else {
        after++;
        assertThat(step.get("replica").asString()).as("%s", step).isNotEqualTo(runner.name);
        Instant started = time(step, "startedAt");
        assertThat(started).as("%s started after the kill", step).isAfter(dead);
        takeover = takeover == null || started.isBefore(takeover) ? started : takeover;
      }
    }
    assertThat(after).as("steps left at the kill").isGreaterThanOrEqualTo(3);
    assertThat(Duration.between(killed, takeover)).as("kill to the first step started on another replica")
        .isLessThan(Duration.ofSeconds(45));

    for (int i = 1; i <= ReplicaPlatform.HOSTS; i++) {
      String container = ReplicaPlatform.REAL_POOL + "-" + i;
      assertThat(TestHosts.inspect(container, "{{.State.Running}}")).isEqualTo("true");
      assertThat(TestHosts.inspect(container, "{{(index .NetworkSettings.Networks \"ra-net\").IPAddress}}"))
          .isEqualTo(ReplicaPlatform.PREFIX + (10 + i));
    }
    Response again = survivor.post("/api/v1/jobs", ReplicaPlatform.provisionRequest());
    assertThat(again.status()).as(again.toString()).isEqualTo(202);
    JsonNode second = awaitJob(survivor, again.json().get("self").asString(), Duration.ofSeconds(180));
    assertThat(second.get("state").asString()).as("%s", second).isEqualTo("succeeded");
    assertThat(second.get("steps").valueStream().map(ReplicasIT::state)).as("a second run changes nothing")
        .containsOnly("unchanged");
  }

  @Test
  @Order(4)
  void twentyCreatesOverThreeReplicasWithOneKilledAllEndAndNoneIsSentTwice() {
    assertThat(admin("a").post("/api/v1/pools/ra/reconcile", "").status()).isEqualTo(200);
    heketi.delayTerminalAnswers(2000);
    Map<String, String> operations = new HashMap<>(); // volume name -> operation path
    List<String> names = List.of("a", "b", "c");
    Replica victim = replicas.get("b");
    for (int i = 0; i < 20; i++) {
      Replica to = replicas.get(names.get(i % 3));
      if (i == 12) {
        victim.kill();
      }
      if (!to.alive()) {
        to = replicas.get("c");
      }
      String volume = "it-create-" + i;
      Response answer = to.admin(Replicas.ADMIN_SECRET).post("/api/v1/pools/ra/volumes",
          "{\"name\":\"" + volume + "\",\"sizeGiB\":1}");
      assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
      operations.put(volume, answer.location());
    }
    CreateOutcomes.assertSettled(replicas, heketi, operations, Duration.ofSeconds(150));
  }

  @Test
  @Order(5)
  void postgresRestartedUnderLoadReplicasGoUnreadyThenRecoverAndNothingIsLost() {
    assertThat(admin("a").post("/api/v1/pools/ra/reconcile", "").status()).isEqualTo(200);
    Response job = admin("a").post("/api/v1/jobs", ReplicaPlatform.provisionRequest());
    assertThat(job.status()).as(job.toString()).isEqualTo(202);
    heketi.delayTerminalAnswers(2000);
    Map<String, String> operations = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      Replica to = replicas.all().get(i % 3);
      String volume = "it-restart-" + i;
      Response answer = to.admin(Replicas.ADMIN_SECRET).post("/api/v1/pools/ra/volumes",
          "{\"name\":\"" + volume + "\",\"sizeGiB\":1}");
      assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
      operations.put(volume, answer.location());
    }

    postgres.stopServer();
    Set<String> unready = new HashSet<>();
    Instant until = Instant.now().plusSeconds(30);
    while (unready.size() < 3 && Instant.now().isBefore(until)) {
      // the replicas not yet seen unready, asked at once: each probe may take its whole timeout
      // (DatabaseReadiness, 2 s), so PostgreSQL stays down for about one probe rather than three
      replicas.all().stream().filter(r -> !unready.contains(r.name))
          .map(r -> CompletableFuture.supplyAsync(() -> r.readiness() == 503 ? r.name : null,
              probe -> new Thread(probe).start())).toList()
          .stream().map(CompletableFuture::join).filter(name -> name != null).forEach(unready::add);
      Replica.sleep(200);
    }
    postgres.startServer();
    assertThat(unready).as("replicas that reported readiness 503 while PostgreSQL was down")
        .containsExactlyInAnyOrder("a", "b", "c");

    Instant back = Instant.now().plusSeconds(60);
    while (replicas.all().stream().anyMatch(r -> r.readiness() != 200) && Instant.now().isBefore(back)) {
      Replica.sleep(250);
    }
    for (Replica r : replicas.all()) {
      assertThat(r.alive()).as("replica %s still running", r.name).isTrue();
      assertThat(r.readiness()).as("readiness of %s after PostgreSQL came back", r.name).isEqualTo(200);
    }
    CreateOutcomes.assertSettled(replicas, heketi, operations, Duration.ofSeconds(120));
    JsonNode end = awaitJob(admin("b"), job.json().get("self").asString(), Duration.ofSeconds(180));
    assertThat(end.get("state").asString()).as("the job that ran across the restart: %s", end).isEqualTo("succeeded");
    Response fresh = admin("c").post("/api/v1/pools/ra/volumes?wait=30",
        "{\"name\":\"it-after-restart\",\"sizeGiB\":1}");
    assertThat(fresh.status()).as(fresh.toString()).isEqualTo(201);
  }

  // ---- helpers ----

  private static JsonNode awaitJob(TestHttp http, String self, Duration within) {
    Instant until = Instant.now().plus(within);
    JsonNode now = http.get(self).json();
    while (RUNNING.contains(now.get("state").asString()) && Instant.now().isBefore(until)) {
      Replica.sleep(250);
      now = http.get(self).json();
    }
    return now;
  }

  private static long count(JsonNode job, Set<String> states) {
    return job.get("steps").valueStream().filter(s -> states.contains(state(s))).count();
  }

  private static String state(JsonNode step) {
    return step.get("state").asString();
  }

  private static Instant time(JsonNode step, String field) {
    JsonNode value = step.get(field);
    assertThat(value).as("%s of %s", field, step).isNotNull();
    return OffsetDateTime.parse(value.asString()).toInstant();
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
