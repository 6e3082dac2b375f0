package dev.tandem.provisioning;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import dev.tandem.coordination.SingleFlight;
import dev.tandem.exec.CommandResult;
import dev.tandem.inventory.HostKeyStore;
import dev.tandem.inventory.InterfaceKind;
import dev.tandem.inventory.InterfaceSpec;
import dev.tandem.inventory.InventoryEdits;
import dev.tandem.inventory.PlatformService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Jobs as the runner runs them, over scripted hosts (no SSH, no Docker; the example's addresses are
 * never contacted): prerequisites before any step, one host's failure confined to it, a queue of its
 * own, the log in append order, the device guard of wipe-devices, discovery beside other edits.
 */
@ScriptedJobsTest
class JobRunnerTests {

  static final Path TLS = Path.of("target/jobs-it/tls");

  @LocalServerPort int port;
  @Autowired ScriptedHostExecutors hosts;
  @Autowired DeviceRecorder devices;
  @Autowired PlatformService platform;
  @Autowired HostKeyStore hostKeys;
  @Autowired PlatformSecrets secrets;
  @Autowired SingleFlight singleFlight;
  @Autowired JdbcTemplate jdbc;
  TestHttp http;

  @BeforeEach
  void examplePlatform() throws IOException {
    hosts.reset();
    http = new TestHttp(port);
    assertThat(http.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    assertThat(http.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
    for (String host : new String[] {"node2", "node3"}) {
      for (String file : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
        Files.deleteIfExists(TLS.resolve(host).resolve(file));
      }
    }
  }

  @Test
  void aDriftReportRunsTheChecksOfEveryJobOnTheHostsAndNoneOfTheirActions() {
    assertThat(http.get("/api/v1/provisioning/ssh-key", "text/plain").status()).isEqualTo(200);
    jdbc.update("delete from platform_secret where name like 'heketi-%'"); // as before any deploy-heketi
    hostKeys.recordHostKey("node1", "ssh-ed25519 AAAAnode1");
    hostKeys.recordHostKey("node2", "ssh-ed25519 AAAAnode2");
    List<Map<String, Object>> secretsBefore = secretRows();

    Response answer = http.post("/api/v1/drift", "");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    JsonNode report = answer.json();
    assertThat(report.get("heketi").asString()).startsWith("Heketi was not read").contains("no Heketi URL");
    assertThat(hosts.ran()).isNotEmpty().allMatch(ScriptedHostExecutors.Ran::check);
    assertThat(hosts.dockerCalls()).as("no Docker change reached an engine").isEmpty();
    // node3 has no pinned host key: a report makes no trust decision, so it is not connected to
    assertThat(hosts.ran()).noneMatch(r -> r.host().equals("node3"));
    assertThat(hostKeys.hostKey("node3")).as("a report pins no host key").isEmpty();
    assertThat(report.get("findings").valueStream().filter(f -> "node3".equals(f.path("host").asString(null))))
        .singleElement().satisfies(f -> {
          assertThat(f.get("kind").asString()).isEqualTo("host");
          assertThat(f.get("found").asString()).startsWith("no pinned SSH host key yet");
        });
    // fresh hosts: every step of prepare-hosts, deploy-pool and deploy-heketi would act, each naming its job;
    // Heketi's secrets not stored yet: its configuration and keys are one finding saying so, not checked
    assertThat(report.get("findings").valueStream().map(f -> f.get("kind").asString()).distinct()).containsOnly(
        "host", "interface", "shim", "firewall", "directory", "network", "image", "container", "heketi-config");
    assertThat(report.get("findings").valueStream().filter(f -> f.get("kind").asString().equals("heketi-config")))
        .singleElement().satisfies(f -> assertThat(f.get("found").asString()).contains("not stored yet"));
    JsonNode container = report.get("findings").valueStream()
        .filter(f -> f.get("object").asString().equals("container gluster-ocp-2")).findFirst().orElseThrow();
    assertThat(container.get("pool").asString()).isEqualTo("gluster-ocp");
    assertThat(container.get("host").asString()).isEqualTo("node2");
    assertThat(container.get("found").asString()).isEqualTo("container gluster-ocp-2 is missing");
    assertThat(container.get("repair").asString())
        .isEqualTo("POST /api/v1/jobs {\"type\":\"deploy-pool\",\"pools\":[\"gluster-ocp\"]}");
    assertThat(container.get("wouldRun").get(0).asString()).startsWith("docker run -d --name=gluster-ocp-2 ");
    assertThat(secretRows()).as("a report generates no secret").isEqualTo(secretsBefore);

    HeketiSecrets heketi = secrets.heketi();
    secretsBefore = secretRows();
    report = http.post("/api/v1/drift", "").json();

    JsonNode key = report.get("findings").valueStream()
        .filter(f -> f.get("object").asString().equals("heketi key for gluster-rhv-2")).findFirst().orElseThrow();
    assertThat(key.get("pool").asString()).isEqualTo("gluster-rhv");
    assertThat(key.get("repair").asString()).isEqualTo("POST /api/v1/jobs {\"type\":\"deploy-heketi\"}");
    assertThat(secretRows()).as("a report changes no secret").isEqualTo(secretsBefore);
    String text = report.toString();
    for (String secret : List.of(new String(secrets.tandemPrivateKey(), StandardCharsets.UTF_8).strip(),
        heketi.sshPrivateKey().strip(), heketi.adminKey(), heketi.userKey())) {
      assertThat(text).as("a report shows no secret").doesNotContain(secret);
      secret.lines().filter(l -> l.length() > 20 && !l.startsWith("-----")).forEach(l -> assertThat(text).doesNotContain(l));
    }
  }

  @Test
  void aDriftReportIsRefusedWhileAnotherIsBeingMade() {
    Response refused = singleFlight.ifIdle("drift-report", () -> http.post("/api/v1/drift", "")).orElseThrow();

    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.json().get("type").asString()).isEqualTo("urn:tandem:problem:drift-running");
    assertThat(hosts.ran()).as("no host was reached").isEmpty();
  }

  List<Map<String, Object>> secretRows() {
    return jdbc.queryForList("select name, secret_value from platform_secret order by name");
  }

  @Test
  void aHostLackingPrerequisitesFailsTheJobBeforeAnyStepRunsOnAnyHost() throws IOException {
    String spec = TestHttp.example()
        .replace("address: 192.168.99.129\n", "address: 192.168.99.129\n    dockerEndpoint: 'tcp://127.0.0.1:2376'\n")
        .replace("address: 192.168.99.130\n", "address: 192.168.99.130\n    dockerEndpoint: 'tcp://127.0.0.1:2377'\n");
    assertThat(http.put("/api/v1/platform", YAML, spec).status()).isEqualTo(200);
    Files.createDirectories(TLS.resolve("node3"));
    Files.writeString(TLS.resolve("node3/ca.pem"), "test ca");

    JsonNode failed = runJob("{\"type\":\"prepare-hosts\"}");

    assertThat(failed.get("state").asString()).isEqualTo("failed");
    assertThat(failed.get("message").asString()).startsWith("no step ran")
        .contains("node2: its Docker engine tcp://127.0.0.1:2376 needs TLS: ca.pem, cert.pem, key.pem missing")
        .contains("node3: its Docker engine tcp://127.0.0.1:2377 needs TLS: cert.pem, key.pem missing")
        .doesNotContain("node1:");
    assertThat(hosts.ran()).as("not even node1, whose prerequisites are met, ran a command").isEmpty();
    assertThat(failed.get("steps").valueStream().map(s -> s.get("state").asString())).containsOnly("pending");

    for (String host : new String[] {"node2", "node3"}) {
      Files.createDirectories(TLS.resolve(host));
      for (String file : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
        Files.writeString(TLS.resolve(host).resolve(file), "test " + file);
      }
    }
    JsonNode retried = await(http.post("/api/v1/jobs/" + failed.get("id").asString() + "/retry", "").json());
    assertThat(retried.get("state").asString()).as(log(retried)).isEqualTo("succeeded");
    assertThat(hosts.ran().stream().map(ScriptedHostExecutors.Ran::host).distinct())
        .containsExactlyInAnyOrder("node1", "node2", "node3");
  }

  @Test
  void oneHostsFailureLeavesTheOthersRunningOnTheirOwnSessionsAndTheJobEndsAfterThem() {
    hosts.answer = (host, command) -> host.equals("node2") && command.argv().get(0).equals("modprobe")
        ? new CommandResult(1, "", "modprobe: FATAL: Module 8021q not found") : ScriptedHostExecutors.freshHost(host,
        command);
    hosts.gate = new CountDownLatch(1);
    hosts.hold = Set.of("node1");

    JsonNode job = accepted("{\"type\":\"prepare-hosts\"}");
    String self = job.get("self").asString();
    awaitThat(() -> http.get(self).json().get("steps").valueStream()
        .anyMatch(s -> s.get("host").asString().equals("node2") && s.get("state").asString().equals("failed")));
    JsonNode meanwhile = http.get(self).json();
    assertThat(meanwhile.get("state").asString()).as("node1 still runs").isEqualTo("running");
    Response retry = http.post("/api/v1/jobs/" + job.get("id").asString() + "/retry", "");
    assertThat(retry.status()).as("no retry beside running steps").isEqualTo(409);
    assertThat(retry.isProblem()).isTrue();
    hosts.gate.countDown();

    JsonNode ended = await(job);
    assertThat(ended.get("state").asString()).isEqualTo("failed");
    assertThat(hosts.closedUnderUse()).isEmpty();
    assertThat(ended.get("steps").valueStream().filter(s -> !s.get("host").asString().equals("node2"))
        .map(s -> s.get("state").asString())).containsOnly("changed");
    assertThat(ended.get("steps").valueStream().filter(s -> s.get("host").asString().equals("node2"))
        .map(s -> s.get("state").asString())).containsExactly("failed", "skipped");
    assertThat(log(ended)).contains("Module 8021q not found");
  }

  /**
   * The database lost while a host's session opens (what ReplicasIT's PostgreSQL restart hit: Hibernate
   * could not roll back on a closed connection) is not the host's failure: the job goes on once it is back.
   */
  @Test
  void theDatabaseLostWhileAHostsSessionOpensFailsNoStepAndTheJobGoesOn() {
    AtomicBoolean lost = new AtomicBoolean(true);
    hosts.openFails = host -> host.equals("node2") && lost.getAndSet(false)
        ? new org.hibernate.TransactionException("Unable to rollback against JDBC Connection",
            new SQLException("Connection is closed", "08003"))
        : null;

    JsonNode ended = await(accepted("{\"type\":\"prepare-hosts\"}"));
    assertThat(lost).as("node2's session failed to open once").isFalse();
    assertThat(ended.get("state").asString()).as(ended.toString()).isEqualTo("succeeded");
    assertThat(ended.get("steps").valueStream().map(s -> s.get("state").asString())).containsOnly("changed");
  }

  @Test
  void aJobWaitingForAThreadIsQueuedAndAFullQueueIsRefused() {
    hosts.gate = new CountDownLatch(1);
    hosts.hold = Set.of("node1");
    JsonNode first = accepted("{\"type\":\"prepare-hosts\",\"hosts\":[\"node1\"]}");
    awaitThat(() -> http.get(first.get("self").asString()).json().get("state").asString().equals("running"));

    JsonNode second = accepted("{\"type\":\"prepare-hosts\",\"hosts\":[\"node2\"]}");
    assertThat(second.get("state").asString()).isEqualTo("queued");
    int jobs = http.get("/api/v1/jobs").json().size();
    Response third = http.post("/api/v1/jobs", "{\"type\":\"prepare-hosts\",\"hosts\":[\"node3\"]}");
    assertThat(third.status()).as(third.toString()).isEqualTo(503);
    assertThat(third.isProblem()).isTrue();
    assertThat(third.json().get("type").asString()).isEqualTo("urn:tandem:problem:job-queue-full");
    assertThat(third.json().get("detail").asString()).contains("1 jobs already wait");
    assertThat(http.get("/api/v1/jobs").json().size()).as("the refused job left nothing").isEqualTo(jobs);
    assertThat(http.get(second.get("self").asString()).json().get("state").asString()).isEqualTo("queued");

    hosts.gate.countDown();
    assertThat(await(first).get("state").asString()).isEqualTo("succeeded");
    assertThat(await(second).get("state").asString()).isEqualTo("succeeded");
  }

  @Test
  void theStreamedLogEqualsTheFinalLogLineForLineWhileHostsAppendInParallel() throws Exception {
    hosts.answer = (host, command) -> {
      sleep(3);
      return ScriptedHostExecutors.freshHost(host, command);
    };
    hosts.gate = new CountDownLatch(1);
    hosts.hold = Set.of("node1", "node2", "node3");
    JsonNode job = accepted("{\"type\":\"prepare-hosts\"}");

    awaitThat(() -> http.get(job.get("self").asString()).json().get("steps").valueStream()
        .filter(s -> s.get("state").asString().equals("running")).count() == 3);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest follow = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + job.get("log").asString()))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + TestHttp.ADMIN_SECRET)
            .getBytes(StandardCharsets.UTF_8)))
        .header("Accept", "text/plain").timeout(Duration.ofSeconds(60)).build();
    CompletableFuture<HttpResponse<InputStream>> streaming = client.sendAsync(follow,
        HttpResponse.BodyHandlers.ofInputStream());
    String streamed;
    try {
      HttpResponse<InputStream> response = streaming.get(20, TimeUnit.SECONDS);
      InputStream body = response.body();
      byte[] first = new byte[1];
      assertThat(body.read(first)).as("the steps' headings arrive while the hosts still wait").isEqualTo(1);
      hosts.gate.countDown();
      try (body) {
        streamed = new String(first, StandardCharsets.UTF_8) + new String(body.readAllBytes(), StandardCharsets.UTF_8);
      }
    } finally {
      hosts.gate.countDown();
    }

    JsonNode ended = await(job);
    assertThat(ended.get("state").asString()).isEqualTo("succeeded");
    String finalLog = log(ended);
    assertThat(streamed.lines()).containsExactlyElementsOf(finalLog.lines().toList());
    assertThat(finalLog.lines().filter(l -> l.startsWith("== ")))
        .as("every step's heading once, then the job's end")
        .hasSize(ended.get("steps").size() + 1).last().asString().startsWith("== job succeeded");
    for (JsonNode step : ended.get("steps")) {
      assertThat(step.get("log").asString()).startsWith("== " + step.get("seq").asInt() + " ")
          .endsWith("-> changed\n");
    }
  }

  @Test
  void aRollWhoseHealNeverSettlesFailsNamingTheVolumeTouchesNoContainerAndHoldsThePoolWhileItRuns()
      throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    hosts.exec = (container, command) -> {
      inside.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return command.argv().contains("list") ? new CommandResult(0, "vol_a\n", "")
          : new CommandResult(0, GlusterStateTests.HEAL_PENDING.replace(": -", ": 0"), "");
    };
    JsonNode job = accepted("{\"type\":\"roll-pool\",\"pools\":[\"gluster-ocp\"]}");
    try {
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
      Response held = http.post("/api/v1/pools/gluster-ocp/volumes", "{\"name\":\"v1\",\"sizeGiB\":1}");
      assertThat(held.status()).as(held.toString()).isEqualTo(503);
      assertThat(held.isProblem()).isTrue();
      assertThat(held.json().get("type").asString()).isEqualTo("urn:tandem:problem:pool-held");
      assertThat(held.json().get("detail").asString()).contains(job.get("id").asString()).contains("roll-pool");
      assertThat(held.retryAfter()).isEqualTo("7");
      assertThat(http.post("/api/v1/pools/gluster-rhv/volumes", "{\"name\":\"v1\",\"sizeGiB\":1}").status())
          .as("another pool is not held (it is not bound to Heketi here)").isEqualTo(409);
    } finally {
      release.countDown();
    }

    JsonNode ended = await(job);
    assertThat(ended.get("state").asString()).isEqualTo("failed");
    assertThat(log(ended)).contains("gave up waiting after 300 ms (tandem.provisioning.roll-heal-timeout)")
        .contains("volume vol_a: 6 entries pending heal");
    assertThat(ended.get("steps").valueStream().map(s -> s.get("host").asString() + " " + s.get("state").asString()))
        .as("the first member failed before its container went; the others never started")
        .containsExactly("node1 failed", "node1 skipped", "node1 skipped", "node1 skipped", "node1 skipped",
            "node2 cancelled", "node2 cancelled", "node2 cancelled", "node2 cancelled", "node2 cancelled",
            "node3 cancelled", "node3 cancelled", "node3 cancelled", "node3 cancelled", "node3 cancelled");
    assertThat(hosts.ran()).extracting(ScriptedHostExecutors.Ran::command)
        .allMatch(c -> c.startsWith("docker exec gluster-ocp-1 gluster --mode=script volume "));
    assertThat(http.post("/api/v1/pools/gluster-ocp/volumes", "{\"name\":\"v1\",\"sizeGiB\":1}").status())
        .as("the hold ended with the job").isEqualTo(409);
  }

  @Test
  void aRollLeavesAnImageAnAdminSetDuringItAndFailsItsLastStepSayingSo() {
    String rolled = "rhgs3/rhgs-server-rhel7:3.5";
    String admins = "rhgs3/rhgs-server-rhel7:3.6";
    hosts.exec = (container, command) -> {
      if (container.equals("gluster-ocp-3") && pool("gluster-ocp").equals("rhgs3/rhgs-server-rhel7")) {
        // an admin's PUT /api/v1/platform while the roll is at its last member
        platform.edit(current -> InventoryEdits.replacePool("gluster-ocp",
            InventoryEdits.pool(current, "gluster-ocp").withImage(admins)).apply(current));
      }
      return new CommandResult(0, "", "");
    };

    JsonNode ended = await(accepted("{\"type\":\"roll-pool\",\"pools\":[\"gluster-ocp\"],\"image\":\"" + rolled
        + "\"}"));

    assertThat(ended.get("state").asString()).as(log(ended)).isEqualTo("failed");
    JsonNode last = ended.get("steps").get(ended.get("steps").size() - 1);
    assertThat(last.get("step").asString() + " " + last.get("state").asString())
        .isEqualTo("record image " + rolled + " for pool gluster-ocp failed");
    assertThat(log(ended)).contains("the inventory's image of pool gluster-ocp was changed to " + admins
        + " during the roll (it was rhgs3/rhgs-server-rhel7): left as it is, though the pool's containers run "
        + rolled);
    assertThat(pool("gluster-ocp")).as("the admin's image stays").isEqualTo(admins);

    hosts.exec = (container, command) -> new CommandResult(0, "", "");
    JsonNode again = await(accepted("{\"type\":\"roll-pool\",\"pools\":[\"gluster-ocp\"],\"image\":\"" + rolled
        + "\"}"));
    assertThat(again.get("state").asString()).as(log(again)).isEqualTo("succeeded");
    assertThat(pool("gluster-ocp")).as("a roll planned from the admin's image records its own").isEqualTo(rolled);
  }

  private String pool(String name) {
    return InventoryEdits.pool(platform.export(), name).image();
  }

  /** What lsblk -J -d -b -o NAME,PATH,TYPE,WWN,SERIAL prints for one disk. */
  static CommandResult lsblkOne(String serial) {
    return new CommandResult(0, "{\"blockdevices\": [{\"name\":\"sdh\",\"path\":\"/dev/sdh\",\"type\":\"disk\","
        + "\"wwn\":null,\"serial\":\"" + serial + "\"}]}", "");
  }

  @Test
  void wipeDevicesWipesOnlyTheDeviceWhoseStableIdTheHostReportsNow() {
    devices.record("node1", ProvisioningPlanTests.LSBLK);
    String[] reported = {"WD-99999"};
    hosts.answer = (host, command) -> command.argv().get(0).equals("lsblk") ? lsblkOne(reported[0])
        : command.argv().get(0).equals("wipefs") ? new CommandResult(0, "/dev/sdh: 2 bytes were erased", "")
        : ScriptedHostExecutors.freshHost(host, command);

    JsonNode refused = runJob("{\"type\":\"wipe-devices\",\"hosts\":[\"node1\"],\"devices\":[\"/dev/sdh\"],"
        + "\"confirm\":true}");
    assertThat(refused.get("state").asString()).isEqualTo("failed");
    assertThat(log(refused)).contains("refusing to wipe /dev/sdh: the inventory expects stable id WD-12345, the host"
        + " reports WD-99999");
    assertThat(hosts.ran()).extracting(ScriptedHostExecutors.Ran::command).noneMatch(c -> c.startsWith("wipefs"))
        .anyMatch(c -> c.startsWith("lsblk -J -d"));
    assertThat(http.get("/api/v1/hosts/node1/devices/sdh").json().get("state").asString()).isEqualTo("discovered");

    reported[0] = "WD-12345";
    JsonNode wiped = await(http.post("/api/v1/jobs/" + refused.get("id").asString() + "/retry", "").json());
    assertThat(wiped.get("state").asString()).as(log(wiped)).isEqualTo("succeeded");
    assertThat(hosts.ran()).extracting(ScriptedHostExecutors.Ran::command).contains("wipefs --all /dev/sdh");
    assertThat(http.get("/api/v1/hosts/node1/devices/sdh").json().get("state").asString()).isEqualTo("free");
  }

  @Test
  void theWipeGuardRefusesADeviceAPoolHoldsWithoutRunningAnything() {
    devices.record("node1", ProvisioningPlanTests.LSBLK);
    Response assigned = http.post("/api/v1/pools/gluster-ocp/devices", "{\"host\":\"node1\",\"device\":\"/dev/sdh\"}");
    assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
    boolean[] ran = {false};

    assertThatThrownBy(() -> devices.wipe("node1", "/dev/sdh", () -> {
      ran[0] = true;
      return lsblkOne("WD-12345");
    }, () -> {
      ran[0] = true;
      return "";
    })).isInstanceOf(StepFailed.class).hasMessageContaining("/dev/sdh is assigned to pool gluster-ocp");
    assertThat(ran[0]).isFalse();
  }

  @Test
  void discoveryKeepsAnInterfaceAddedToTheSameHostMeanwhile() throws Exception {
    CountDownLatch locked = new CountDownLatch(1);
    CompletableFuture<Void> edit = CompletableFuture.runAsync(() -> platform.edit(current -> {
      locked.countDown();
      sleep(400);
      return InventoryEdits.createInterface("node1", new InterfaceSpec("eth9", InterfaceKind.PHYSICAL, null, null,
          null)).apply(current);
    }));
    assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> discovery = CompletableFuture.supplyAsync(
        () -> devices.record("node1", ProvisioningPlanTests.LSBLK));
    edit.get(20, TimeUnit.SECONDS);
    assertThat(discovery.get(20, TimeUnit.SECONDS)).isEqualTo("3 disks recorded");

    JsonNode node1 = http.get("/api/v1/hosts/node1").json();
    assertThat(node1.get("interfaces").valueStream().map(i -> i.get("name").asString())).contains("eth9");
    assertThat(node1.get("devices").valueStream().map(d -> d.get("path").asString())).contains("/dev/sdh");
  }

  // ---- helpers ----

  private JsonNode accepted(String request) {
    Response accepted = http.post("/api/v1/jobs", request);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    return accepted.json();
  }

  private JsonNode runJob(String request) {
    return await(accepted(request));
  }

  private JsonNode await(JsonNode job) {
    String self = job.get("self").asString();
    awaitThat(() -> !Set.of("queued", "running").contains(http.get(self).json().get("state").asString()));
    return http.get(self).json();
  }

  private String log(JsonNode job) {
    return http.get(job.get("log").asString(), "text/plain").body();
  }

  private static void awaitThat(BooleanSupplier condition) {
    Instant until = Instant.now().plusSeconds(30);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waited 30 s").isBefore(until);
      sleep(50);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
