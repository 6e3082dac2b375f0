package dev.tandem.provisioning;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import dev.tandem.coordination.SingleFlight;
import dev.tandem.exec.Command;
import dev.tandem.exec.CommandResult;
import dev.tandem.heketi.FakeHeketi;
import dev.tandem.heketi.HeketiClient;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * replace-device and remove-device through the API, over scripted hosts and the Heketi stand-in: the
 * plan, the run, Heketi's refusal, a retry that resumes, refusals that change nothing, roles. Tandem's
 * Heketi client points at the stand-in while these tests run.
 */
@ScriptedJobsTest
class DeviceSwapTests {

  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();
  static final String DEVICES = "/api/v1/pools/gluster-ocp/devices/";
  static final String NODE1 = "192.168.199.28";
  static final long GIB = 1024 * 1024;

  @AfterAll
  static void stopHeketi() {
    HEKETI.shutdown();
  }

  @LocalServerPort int port;
  @Autowired ScriptedHostExecutors hosts;
  @Autowired HeketiClient heketi;
  @Autowired SingleFlight singleFlight;
  TestHttp http;
  URI heketiBefore;

  @BeforeEach
  void examplePlatformReconciled() {
    heketiBefore = heketi.url();
    heketi.repoint(URI.create(HEKETI.url()), FakeHeketi.ADMIN_KEY);
    HEKETI.reset();
    hosts.reset();
    hosts.answer = (host, command) -> sdh(command, null, "");
    http = new TestHttp(port);
    assertThat(http.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    assertThat(http.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
    Response declared = http.post("/api/v1/hosts/node1/devices", "{\"path\":\"/dev/sdh\",\"stableId\":\"WD-12345\"}");
    assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
    Response reconciled = http.post("/api/v1/pools/gluster-ocp/reconcile", "");
    assertThat(reconciled.status()).as(reconciled.toString()).isEqualTo(200);
  }

  @AfterEach
  void heketiAsBefore() {
    heketi.repoint(heketiBefore, "none");
  }

  /** The host's answers about /dev/sdh: lsblk with this filesystem (null: none), wipefs listing these lines. */
  static CommandResult sdh(Command command, String fstype, String wipefs) {
    return switch (command.argv().get(0)) {
      case "lsblk" -> new CommandResult(0, "{\"blockdevices\": [{\"name\":\"sdh\",\"path\":\"/dev/sdh\",\"type\":"
          + "\"disk\",\"wwn\":null,\"serial\":\"WD-12345\",\"fstype\":" + (fstype == null ? "null" : "\"" + fstype
          + "\"") + ",\"pttype\":null,\"mountpoint\":null}]}", "");
      case "wipefs" -> new CommandResult(0, wipefs, "");
      default -> new CommandResult(1, "", "not scripted");
    };
  }

  @Test
  void aReplacementIsPlannedStepByStepThenRunAndHeketiMovesTheBricksToTheNewDevice() {
    for (String full : List.of("/dev/sdd", "/dev/sde", "/dev/sdf", "/dev/sdg")) {
      HEKETI.brick(deviceId(NODE1, full), 2000 * GIB);
    }
    String brick = HEKETI.brick(deviceId(NODE1, "/dev/sdc"), 100 * GIB);
    long writes = HEKETI.writes();

    Response planned = http.post(DEVICES + "node1/sdc/replace?dryRun=true", "{\"with\":\"/dev/sdh\"}");
    assertThat(planned.status()).as(planned.toString()).isEqualTo(200);
    assertThat(planned.json().get("steps").valueStream().map(s -> s.get("step").asString())).containsExactly(
        "check /dev/sdh is free and empty", "assign node1:/dev/sdh to pool gluster-ocp",
        "add node1:/dev/sdh to Heketi", "remove node1:/dev/sdc from Heketi", "release node1:/dev/sdc as failed");
    assertThat(planned.json().get("script").asString()).containsSubsequence(
        "# check: lsblk -J -b -o NAME,PATH,TYPE,WWN,SERIAL,FSTYPE,PTTYPE,MOUNTPOINT /dev/sdh",
        "# check: wipefs --no-act --noheadings /dev/sdh",
        "# assign node1:/dev/sdh to pool gluster-ocp in the inventory",
        "# heketi: GET /nodes/", "# heketi: POST /devices {\"node\":", "\"name\":\"/dev/sdh\"",
        "# heketi: POST /devices/<Heketi id of node1:/dev/sdc>/state {\"state\":\"offline\"}",
        "# heketi: POST /devices/<Heketi id of node1:/dev/sdc>/state {\"state\":\"failed\"}",
        "# heketi: GET /devices/<Heketi id of node1:/dev/sdc> -> a dry run does not call Heketi (a real run deletes"
            + " nothing unless it is failed with no bricks)",
        "# heketi: DELETE /devices/<Heketi id of node1:/dev/sdc>",
        "# take node1:/dev/sdc out of pool gluster-ocp in the inventory",
        "# record node1:/dev/sdc as failed in the inventory");
    assertThat(HEKETI.writes()).as("a plan changes nothing in Heketi").isEqualTo(writes);
    assertThat(hosts.ran()).as("a plan runs nothing on a host").isEmpty();

    Response started = http.post(DEVICES + "node1/sdc/replace", "{\"with\":\"/dev/sdh\"}");
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    assertThat(started.location()).endsWith(started.json().get("self").asString());
    JsonNode job = await(started.json());

    assertThat(job.get("state").asString()).as(log(job)).isEqualTo("succeeded");
    assertThat(job.get("type").asString()).isEqualTo("replace-device");
    assertThat(hosts.ran()).allMatch(ScriptedHostExecutors.Ran::check).extracting(ScriptedHostExecutors.Ran::command)
        .containsExactly("lsblk -J -b -o NAME,PATH,TYPE,WWN,SERIAL,FSTYPE,PTTYPE,MOUNTPOINT /dev/sdh",
            "wipefs --no-act --noheadings /dev/sdh");
    assertThat(poolDevices("node1")).contains("/dev/sdh").doesNotContain("/dev/sdc");
    assertThat(http.get("/api/v1/hosts/node1/devices/sdc").json().get("state").asString()).isEqualTo("failed");
    JsonNode node = heketiNode(NODE1);
    assertThat(node.get("devices").valueStream().map(d -> d.get("name").asString())).contains("/dev/sdh")
        .doesNotContain("/dev/sdc");
    assertThat(device(NODE1, "/dev/sdh").get("bricks").valueStream().map(b -> b.get("id").asString()))
        .as("the brick was moved to the new device, the only one with room for it").containsExactly(brick);
    assertThat(log(job)).contains("\"state\":\"failed\"} -> done: its bricks were moved");
  }

  @Test
  void aDeviceIsRemovedWithoutReplacementAndReleasedAsFree() {
    Response started = http.post(DEVICES + "node2/sdg/remove", "{\"release\":\"free\"}");
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    JsonNode job = await(started.json());

    assertThat(job.get("state").asString()).as(log(job)).isEqualTo("succeeded");
    assertThat(job.get("steps").valueStream().map(s -> s.get("step").asString()))
        .containsExactly("remove node2:/dev/sdg from Heketi", "release node2:/dev/sdg as free");
    assertThat(poolDevices("node2")).doesNotContain("/dev/sdg").hasSize(4);
    assertThat(http.get("/api/v1/hosts/node2/devices/sdg").json().get("state").asString()).isEqualTo("free");
    assertThat(heketiNode("192.168.199.29").get("devices").valueStream().map(d -> d.get("name").asString()))
        .hasSize(4).doesNotContain("/dev/sdg");
    assertThat(hosts.ran()).isEmpty();
  }

  @Test
  void whenHeketiCannotMoveTheBricksTheJobFailsWithItsMessageBothDevicesUsableAndARetryResumes() {
    HEKETI.brick(deviceId(NODE1, "/dev/sdc"), 100 * GIB);
    HEKETI.evictionFailsAsRecorded(true);
    long adds = HEKETI.calls().stream().filter("POST /devices"::equals).count();

    JsonNode failed = await(http.post(DEVICES + "node1/sdc/replace", "{\"with\":\"/dev/sdh\"}").json());

    assertThat(failed.get("state").asString()).isEqualTo("failed");
    assertThat(failed.get("steps").valueStream().map(s -> s.get("state").asString()))
        .containsExactly("unchanged", "changed", "changed", "failed", "skipped");
    assertThat(log(failed)).contains("Heketi refused to remove node1:/dev/sdc: Id not found (the device is online"
        + " again)");
    assertThat(state(NODE1, "/dev/sdc")).as("the old device, usable").isEqualTo("online");
    assertThat(state(NODE1, "/dev/sdh")).as("the new device, usable").isEqualTo("online");
    assertThat(poolDevices("node1")).contains("/dev/sdc", "/dev/sdh");

    HEKETI.evictionFailsAsRecorded(false);
    int ran = hosts.ran().size();
    JsonNode retried = await(http.post("/api/v1/jobs/" + failed.get("id").asString() + "/retry", "").json());

    assertThat(retried.get("state").asString()).as(log(retried)).isEqualTo("succeeded");
    assertThat(hosts.ran()).as("the steps done are not run again").hasSize(ran);
    assertThat(HEKETI.calls().stream().filter("POST /devices"::equals).count()).as("the new device was added once")
        .isEqualTo(adds + 1);
    assertThat(poolDevices("node1")).contains("/dev/sdh").doesNotContain("/dev/sdc");
    assertThat(heketiNode(NODE1).get("devices").valueStream().map(d -> d.get("name").asString()))
        .doesNotContain("/dev/sdc");
  }

  @Test
  void aRetryWhileHeketiStillMovesTheBricksDeletesNothingUntilHeketiShowsTheDeviceFailedWithNoBricks() {
    String sdc = deviceId(NODE1, "/dev/sdc");
    HEKETI.brick(sdc, 100 * GIB);
    HEKETI.evictionInProgress(sdc);

    JsonNode failed = await(http.post(DEVICES + "node1/sdc/remove", null).json());

    assertThat(failed.get("state").asString()).isEqualTo("failed");
    assertThat(log(failed)).contains("Heketi refused to remove node1:/dev/sdc: The target exists, contains other"
        + " items, or is in use. (the device stays offline); nothing else changed: if an earlier attempt's removal"
        + " is still moving its bricks, retry once Heketi shows the device failed (GET /devices/" + sdc + ")");
    assertThat(heketiDevice(sdc).get("bricks")).hasSize(1);
    assertThat(poolDevices("node1")).contains("/dev/sdc");

    // Heketi's removal ended and marked the device failed, but one brick is still listed on it
    HEKETI.evictionEnds(sdc, false);
    JsonNode early = await(http.post("/api/v1/jobs/" + failed.get("id").asString() + "/retry", "").json());

    assertThat(early.get("state").asString()).isEqualTo("failed");
    assertThat(log(early)).contains("Heketi still lists 1 brick on node1:/dev/sdc (device " + sdc + ", failed):"
        + " nothing deleted, the device stays in the pool");
    assertThat(HEKETI.calls()).as("no delete").doesNotContain("DELETE /devices/" + sdc);
    assertThat(heketiDevice(sdc).get("state").asString()).isEqualTo("failed");
    assertThat(poolDevices("node1")).contains("/dev/sdc");
    assertThat(http.get("/api/v1/hosts/node1/devices/sdc").json().get("state").asString()).isNotEqualTo("failed");

    HEKETI.evictionEnds(sdc, true);
    JsonNode resumed = await(http.post("/api/v1/jobs/" + failed.get("id").asString() + "/retry", "").json());

    assertThat(resumed.get("state").asString()).as(log(resumed)).isEqualTo("succeeded");
    assertThat(log(resumed)).contains("GET /devices/" + sdc + " -> failed, 0 bricks");
    assertThat(heketiNode(NODE1).get("devices").valueStream().map(d -> d.get("name").asString()))
        .doesNotContain("/dev/sdc");
    assertThat(poolDevices("node1")).doesNotContain("/dev/sdc");
    assertThat(http.get("/api/v1/hosts/node1/devices/sdc").json().get("state").asString()).isEqualTo("failed");
  }

  @Test
  void withoutRoomForItsBricksHeketiRefusesTheRemovalAndTheDeviceStaysInThePoolOnline() {
    for (String path : List.of("/dev/sdd", "/dev/sde", "/dev/sdf", "/dev/sdg")) {
      HEKETI.brick(deviceId(NODE1, path), 2000 * GIB);
    }
    HEKETI.brick(deviceId(NODE1, "/dev/sdc"), 100 * GIB);

    JsonNode failed = await(http.post(DEVICES + "node1/sdc/remove", null).json());

    assertThat(failed.get("state").asString()).isEqualTo("failed");
    assertThat(log(failed)).contains("Heketi refused to remove node1:/dev/sdc: No Replacement was found for resource"
        + " requested to be removed (the device is online again)");
    assertThat(state(NODE1, "/dev/sdc")).isEqualTo("online");
    assertThat(poolDevices("node1")).contains("/dev/sdc");
    assertThat(http.get("/api/v1/hosts/node1/devices/sdc").json().get("state").asString()).isNotEqualTo("failed");
  }

  @Test
  void aJobCancelledOnceHeketiDeletedTheDeviceLeavesItOutOfThePoolAndReconcileAddsNothingBack() {
    String sdc = deviceId(NODE1, "/dev/sdc");
    HEKETI.delayTerminalAnswers(150);
    JsonNode started = http.post(DEVICES + "node1/sdc/remove", null).json();
    Instant until = Instant.now().plusSeconds(30);
    while (!HEKETI.calls().contains("POST /devices/" + sdc + "/state")) {
      assertThat(Instant.now()).as("the remove step reaches Heketi within 30 s").isBefore(until);
      pause();
    }
    assertThat(http.post("/api/v1/jobs/" + started.get("id").asString() + "/cancel", "").status()).isEqualTo(200);
    JsonNode cancelled = await(started);
    HEKETI.delayTerminalAnswers(0);

    assertThat(cancelled.get("state").asString()).as(log(cancelled)).isEqualTo("cancelled");
    assertThat(cancelled.get("steps").valueStream().map(s -> s.get("state").asString()))
        .containsExactly("changed", "cancelled");
    assertThat(poolDevices("node1")).as("out of the pool with its deletion in Heketi").doesNotContain("/dev/sdc");
    long adds = HEKETI.calls().stream().filter("POST /devices"::equals).count();
    Response reconciled = http.post("/api/v1/pools/gluster-ocp/reconcile", "");
    assertThat(reconciled.status()).as(reconciled.toString()).isEqualTo(200);
    assertThat(HEKETI.calls().stream().filter("POST /devices"::equals).count()).as("reconcile adds nothing back")
        .isEqualTo(adds);
    assertThat(heketiNode(NODE1).get("devices").valueStream().map(d -> d.get("name").asString()))
        .doesNotContain("/dev/sdc");
  }

  @Test
  void whileOneJobTakesADeviceOutOfAPoolAnotherForThatPoolIsRefusedAndNothingChanges() {
    HEKETI.delayTerminalAnswers(150);
    JsonNode first = http.post(DEVICES + "node2/sdg/remove", null).json();

    Response second = http.post(DEVICES + "node1/sdc/replace", "{\"with\":\"/dev/sdh\"}");
    assertThat(second.status()).as(second.toString()).isEqualTo(409);
    assertThat(second.json().get("detail").asString()).contains("pool gluster-ocp already has a replace-device or"
        + " remove-device job queued or running (" + first.get("id").asString() + ")");
    JsonNode done = await(first);
    HEKETI.delayTerminalAnswers(0);

    assertThat(done.get("state").asString()).as(log(done)).isEqualTo("succeeded");
    assertThat(poolDevices("node1")).as("the refused job changed nothing").contains("/dev/sdc")
        .doesNotContain("/dev/sdh");
    assertThat(hosts.ran()).as("the refused job checked nothing on the host").isEmpty();
  }

  @Test
  void aStartWaitsWhileAnotherReplicaStartsOneSoTheirChecksCannotBothPass() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    AtomicReference<Instant> releasedAt = new AtomicReference<>();
    Thread otherReplica = new Thread(() -> singleFlight.ifIdle("device-swap-start", () -> {
      held.countDown();
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      releasedAt.set(Instant.now());
      return true;
    }));
    otherReplica.start();
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

    Response started = http.post(DEVICES + "node2/sdg/remove", null);
    Instant answeredAt = Instant.now();
    otherReplica.join(10_000);
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    assertThat(answeredAt).as("answered only once the other start was done").isAfterOrEqualTo(releasedAt.get());
    JsonNode done = await(started.json());
    assertThat(done.get("state").asString()).as(log(done)).isEqualTo("succeeded");
  }

  @Test
  void aReplacementThatIsNotFreeAndEmptyIsRefusedAndNothingChanges() {
    long writes = HEKETI.writes();
    assertThat(refusal("node1/sdc/replace", "{\"with\":\"/dev/sdd\"}")).startsWith("with: ").contains("is already"
        + " assigned to pool gluster-ocp");
    assertThat(refusal("node1/sdc/replace", "{\"with\":\"/dev/sdb\"}")).contains("is already assigned to pool"
        + " gluster-rhv");
    assertThat(refusal("node1/sdc/replace", "{\"with\":\"/dev/sdz\"}")).contains("is not in the inventory");
    assertThat(refusal("node1/sdb/replace", "{\"with\":\"/dev/sdh\"}")).contains("is not assigned to pool gluster-ocp");
    Response invalid = http.post(DEVICES + "node1/sdc/replace", "{\"with\":\"sdh; rm -rf /\"}");
    assertThat(invalid.status()).as(invalid.toString()).isEqualTo(400);
    assertThat(invalid.json().at("/errors/0/field").asString()).isEqualTo("with");

    for (String[] host : new String[][] {{"xfs", ""}, {null, "/dev/sdh 0x438 ext4 9a2750a8"}}) {
      hosts.answer = (h, command) -> sdh(command, host[0], host[1]);
      JsonNode failed = await(http.post(DEVICES + "node1/sdc/replace", "{\"with\":\"/dev/sdh\"}").json());
      assertThat(failed.get("state").asString()).isEqualTo("failed");
      assertThat(log(failed)).contains("node1: /dev/sdh is not empty (" + (host[0] != null ? "xfs" : "wipefs lists")
          + "").contains("nothing changed");
    }
    assertThat(HEKETI.writes()).isEqualTo(writes);
    assertThat(poolDevices("node1")).contains("/dev/sdc").doesNotContain("/dev/sdh");
  }

  @Test
  void onlyAnAdminMayRunOrRetryItAnOperatorMayPlanItAViewerNeither() {
    TestHttp viewer = client("viewer");
    TestHttp operator = client("operator");
    assertThat(viewer.post(DEVICES + "node1/sdc/replace?dryRun=true", "{\"with\":\"/dev/sdh\"}").status())
        .isEqualTo(403);
    assertThat(viewer.post(DEVICES + "node1/sdc/remove", null).status()).isEqualTo(403);
    assertThat(operator.post(DEVICES + "node1/sdc/remove?dryRun=true", null).status()).isEqualTo(200);
    Response run = operator.post(DEVICES + "node1/sdc/remove", null);
    assertThat(run.status()).as(run.toString()).isEqualTo(403);
    assertThat(run.json().get("detail").asString()).contains("may not run remove-device");
    assertThat(operator.post("/api/v1/jobs", "{\"type\":\"replace-device\",\"pools\":[\"gluster-ocp\"],\"hosts\":"
        + "[\"node1\"],\"devices\":[\"/dev/sdc\"],\"with\":\"/dev/sdh\"}").status()).isEqualTo(403);

    HEKETI.evictionFailsAsRecorded(true);
    HEKETI.brick(deviceId(NODE1, "/dev/sdc"), 100 * GIB);
    JsonNode failed = await(http.post(DEVICES + "node1/sdc/remove", null).json());
    assertThat(failed.get("state").asString()).isEqualTo("failed");
    long writes = HEKETI.writes();
    assertThat(operator.post("/api/v1/jobs/" + failed.get("id").asString() + "/retry", "").status()).isEqualTo(403);
    assertThat(HEKETI.writes()).as("the refused retry changed nothing").isEqualTo(writes);
    assertThat(http.get(failed.get("self").asString()).json().get("state").asString()).isEqualTo("failed");
  }

  // ---- helpers ----

  private String refusal(String path, String body) {
    Response refused = http.post(DEVICES + path, body);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    return refused.json().get("detail").asString();
  }

  private TestHttp client(String role) {
    http.delete("/api/v1/clients/" + role + "-swap");
    Response created = http.post("/api/v1/clients", "{\"name\":\"" + role + "-swap\",\"role\":\"" + role + "\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return new TestHttp(port, role + "-swap", created.json().get("secret").asString());
  }

  private List<String> poolDevices(String host) {
    return http.get("/api/v1/pools/gluster-ocp/devices").json().valueStream()
        .filter(d -> d.get("host").asString().equals(host)).map(d -> d.get("device").asString()).toList();
  }

  private static JsonNode heketiNode(String ip) {
    return HEKETI.clusters().values().stream().flatMap(c -> c.get("nodes").valueStream())
        .map(id -> HEKETI.node(id.asString()))
        .filter(n -> n.at("/hostnames/manage/0").asString().equals(ip)).findFirst().orElseThrow();
  }

  private static JsonNode device(String ip, String path) {
    return heketiNode(ip).get("devices").valueStream().filter(d -> d.get("name").asString().equals(path))
        .findFirst().orElseThrow();
  }

  private static JsonNode heketiDevice(String id) {
    return HEKETI.clusters().values().stream().flatMap(c -> c.get("nodes").valueStream())
        .flatMap(n -> HEKETI.node(n.asString()).get("devices").valueStream())
        .filter(d -> d.get("id").asString().equals(id)).findFirst().orElseThrow();
  }

  private static String deviceId(String ip, String path) {
    return device(ip, path).get("id").asString();
  }

  private static String state(String ip, String path) {
    return device(ip, path).get("state").asString();
  }

  private JsonNode await(JsonNode job) {
    String self = job.get("self").asString();
    Instant until = Instant.now().plusSeconds(30);
    while (Set.of("queued", "running").contains(http.get(self).json().get("state").asString())) {
      assertThat(Instant.now()).as("the job ends within 30 s").isBefore(until);
      pause();
    }
    return http.get(self).json();
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String log(JsonNode job) {
    return http.get(job.get("log").asString(), "text/plain").body();
  }
}
