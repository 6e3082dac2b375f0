package dev.tandem.provisioning;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static dev.tandem.exec.TestHosts.inspect;
import static dev.tandem.exec.TestHosts.output;
import static dev.tandem.exec.TestHosts.waitForSsh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.exec.Command;
import dev.tandem.exec.CommandResult;
import dev.tandem.exec.JschRemoteShell;
import dev.tandem.exec.SshTarget;
import dev.tandem.exec.TestComponents;
import dev.tandem.exec.TestHosts;
import dev.tandem.exec.TestNetworks;
import dev.tandem.heketi.FakeHeketi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * provision-platform for real: each "host" is a container running sshd (the SSH steps run there),
 * the Docker steps run against the real engine, the pools' gluster containers run glusterd on two
 * macvlan networks whose parents are veths this test creates, and this machine reaches them through
 * macvlan shims, as the runbook's node1 does. Heketi, which cannot run here, is the transcript-built
 * stand-in for reconcile and a placeholder image for its container.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProvisioningRealTests {

  static final Path ROOT = Path.of("/tmp/tandem-it");
  static final String[] SUBNETS = {"198.51.100.0/24", "198.18.0.0/24"};
  static final String[] PREFIX = {"198.51.100.", "198.18.0."};
  static final String[] PARENTS = {"tdm-pa", "tdm-pb"};
  static final String[] SHIMS = {"tdm-sa", "tdm-sb"};
  static final String[] POOLS = {"pa", "pb"};
  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:provisioning;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    registry.add("tandem.heketi.url", HEKETI::url);
    registry.add("tandem.heketi.admin-key", () -> FakeHeketi.ADMIN_KEY);
    registry.add("tandem.heketi.poll-interval", () -> "20ms");
    registry.add("tandem.provisioning.root-prefix", () -> ROOT + "/{host}");
    registry.add("tandem.provisioning.ssh-key-file", () -> "target/it/tandem_ssh_key");
    registry.add("tandem.provisioning.host-parallelism", () -> "6");
    registry.add("tandem.provisioning.heketi-start-timeout", () -> "1s");
    registry.add("tandem.provisioning.roll-poll-interval", () -> "200ms");
    registry.add("tandem.provisioning.roll-heal-timeout", () -> "60s");
  }

  @LocalServerPort int port;
  @Autowired PlatformSecrets secrets;
  @Autowired JobRepository jobRows;
  @Autowired JobStepRepository stepRows;
  @Autowired org.springframework.transaction.support.TransactionTemplate tx;

  @BeforeAll
  static void components() {
    TestComponents.requireDocker();
    for (String image : List.of(TestHosts.IMAGE, "tandem-test-gluster:latest", "tandem-test-heketi:latest")) {
      TestComponents.requireImage(image);
    }
    cleanUp();
    for (int p = 0; p < 2; p++) {
      TestNetworks.requireFree(SUBNETS[p]);
      TestNetworks.veth(PARENTS[p]);
      TestNetworks.shim(SHIMS[p], PARENTS[p], PREFIX[p] + "250/24");
    }
  }

  @AfterAll
  static void cleanUp() {
    for (int i = 1; i <= 6; i++) {
      docker("rm", "-f", "tdm-node" + i, "pa-" + i, "pb-" + i);
    }
    docker("rm", "-f", StepLibrary.HEKETI_CONTAINER);
    docker("network", "rm", "pa-net", "pb-net");
    for (int p = 0; p < 2; p++) {
      TestNetworks.deleteLink(SHIMS[p]);
      TestNetworks.deleteLink(PARENTS[p]);
    }
    docker("run", "--rm", "-v", "/tmp:/tmp", "tandem-test-busybox:latest", "/bin/busybox", "rm", "-rf",
        ROOT.toString());
  }

  @Test
  void provisionsThreeHostsAndTwoPoolsThenSixAndASecondRunChangesNothing() throws Exception {
    TestHttp http = new TestHttp(port);
    List<String> addresses = startHosts(http, 3);
    assertThat(http.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    HEKETI.reset();
    assertThat(http.put("/api/v1/platform", YAML, platform(addresses)).status()).isEqualTo(200);

    JsonNode first = runJob(http, "{\"type\":\"provision-platform\"}");
    assertThat(first.get("state").asString()).as(log(http, first)).isEqualTo("succeeded");

    for (int p = 0; p < 2; p++) {
      for (int i = 1; i <= 3; i++) {
        String container = POOLS[p] + "-" + i;
        assertThat(inspect(container, "{{.State.Running}}")).isEqualTo("true");
        assertThat(inspect(container, "{{(index .NetworkSettings.Networks \"" + POOLS[p] + "-net\").IPAddress}}"))
            .isEqualTo(PREFIX[p] + (10 + i));
        assertThat(dockerOk("exec", container, "gluster", "--mode=script", "peer", "status"))
            .as("glusterd answers in " + container).isTrue();
      }
    }
    assertThat(inspect(StepLibrary.HEKETI_CONTAINER, "{{.HostConfig.NetworkMode}}")).isEqualTo("host");

    // Heketi's key logs in to every gluster container on 2222, over the pool networks
    HeketiSecrets heketi = secrets.heketi();
    try (JschRemoteShell asHeketi = new JschRemoteShell(heketi.sshPrivateKey().getBytes(StandardCharsets.UTF_8),
        new dev.tandem.exec.MemoryHostKeys(), Duration.ofSeconds(10), Duration.ofSeconds(30))) {
      for (int p = 0; p < 2; p++) {
        for (int i = 1; i <= 3; i++) {
          String ip = PREFIX[p] + (10 + i);
          CommandResult peers = asHeketi.run(new SshTarget(POOLS[p] + "-" + i, ip, 2222, "root"),
              Command.of("gluster", "--mode=script", "peer", "status"));
          assertThat(peers.exitCode()).as("heketi key on " + ip + ": " + peers.stderr()).isZero();
        }
      }
    }

    // per-pool directories and files, with their content
    Path node1 = ROOT.resolve("node1");
    for (String dir : List.of("etc/glusterfs-pa", "var/lib/glusterd-pb", "var/log/glusterfs-pa", "home/pb-1-root/.ssh")) {
      assertThat(node1.resolve(dir)).isDirectory();
    }
    assertThat(node1.resolve("var/lib/heketi-pa/fstab")).exists();
    assertThat(Files.readString(node1.resolve("home/pa-1-root/.ssh/authorized_keys"))).contains(heketi.sshPublicKey());
    String heketiJson = Files.readString(node1.resolve("etc/heketi/heketi.json"));
    assertThat(heketiJson).contains("\"use_auth\": true").contains("\"port\": \"2222\"").contains(heketi.adminKey());
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(node1.resolve("etc/heketi/heketi_key")))).isEqualTo("rw-------");
    assertThat(HEKETI.clusters()).hasSize(2);

    // the same job again changes nothing
    JsonNode second = runJob(http, "{\"type\":\"provision-platform\"}");
    assertThat(second.get("state").asString()).isEqualTo("succeeded");
    assertThat(second.get("steps").valueStream().map(s -> s.get("state").asString())).containsOnly("unchanged");

    restoresHeketisDatabaseOnTheHeketiHost(http);

    rollsPoolPaKeepingAReplicatedVolumeHealthy(http);

    // drift: none on the provisioned platform (pa rolled onto another image, which the inventory now says); a pool
    // container stopped, a per-pool directory removed and a container made from another spec behind Tandem's back
    // are each a finding naming its repair, and nothing is changed
    JsonNode clean = drift(http);
    assertThat(clean.get("findings")).as(clean.toString()).isEmpty();
    docker("stop", "-t", "0", "pa-1");
    docker("exec", "tdm-node2", "rm", "-rf", ROOT + "/node2/var/log/glusterfs-pb");
    docker("rm", "-f", "pb-3");
    docker("create", "--name", "pb-3", "--label", "dev.tandem.spec=changed", "tandem-test-gluster:latest");
    JsonNode drifted = drift(http);
    List<String> findings = drifted.get("findings").valueStream().map(f -> f.get("host").asString() + " "
        + f.get("kind").asString() + " " + f.get("object").asString() + ": " + f.get("found").asString() + " -> "
        + f.get("repair").asString()).toList();
    assertThat(findings).as(drifted.toString()).containsExactlyInAnyOrder(
        "node1 container container pa-1: container pa-1 is stopped, made from spec hash "
            + inspect("pa-1", "{{index .Config.Labels \"dev.tandem.spec\"}}")
            + " -> POST /api/v1/jobs {\"type\":\"deploy-pool\",\"pools\":[\"pa\"]}",
        "node2 directory directories of pb: '" + "test -d " + ROOT + "/node2/var/log/glusterfs-pb' exited 1"
            + " -> POST /api/v1/jobs {\"type\":\"deploy-pool\",\"pools\":[\"pb\"]}",
        "node3 container container pb-3: container pb-3 is stopped, made from spec hash changed"
            + " -> POST /api/v1/jobs {\"type\":\"deploy-pool\",\"pools\":[\"pb\"],\"replaceDrifted\":true}");
    assertThat(drifted.toString()).contains("docker start pa-1", "mkdir -p -m 0755 " + ROOT + "/node2/var/log/glusterfs-pb",
        "docker rm -f pb-3");
    assertThat(inspect("pa-1", "{{.State.Running}}")).as("a drift report starts nothing").isEqualTo("false");
    assertThat(ROOT.resolve("node2/var/log/glusterfs-pb")).as("a drift report makes nothing").doesNotExist();
    assertThat(runJob(http, "{\"type\":\"deploy-pool\",\"replaceDrifted\":true}").get("state").asString())
        .isEqualTo("succeeded");
    JsonNode repaired = drift(http);
    assertThat(repaired.get("findings")).as(repaired.toString()).isEmpty();

    // sshd gone on one host: its step fails saying so, the others finish; retry completes the job
    docker("exec", "tdm-node2", "pkill", "-x", "sshd");
    awaitNoProcess("tdm-node2", "sshd"); // pkill only signals: on a busy machine sshd may still accept
    JsonNode broken = runJob(http, "{\"type\":\"deploy-pool\",\"replaceDrifted\":false}");
    assertThat(broken.get("state").asString()).isEqualTo("failed");
    String brokenLog = log(http, broken);
    assertThat(brokenLog).contains("node2").contains("cannot connect over SSH");
    assertThat(broken.get("steps").valueStream().filter(s -> s.get("host").asString().equals("node1"))
        .map(s -> s.get("state").asString())).containsOnly("unchanged");
    docker("exec", "tdm-node2", "/usr/sbin/sshd", "-e");
    waitForSsh(addresses.get(1));
    JsonNode retried = awaitJob(http, http.post("/api/v1/jobs/" + broken.get("id").asString() + "/retry", "").json());
    assertThat(retried.get("state").asString()).as(log(http, retried)).isEqualTo("succeeded");

    // a job an earlier Tandem version marked interrupted at its start: retry still completes it
    JsonNode started = http.post("/api/v1/jobs", "{\"type\":\"deploy-pool\",\"pools\":[\"pa\"]}").json();
    String id = started.get("id").asString();
    awaitJob(http, started);
    tx.executeWithoutResult(status -> {
      JobEntity job = jobRows.findById(id).orElseThrow();
      job.state = JobEntity.State.INTERRUPTED;
      stepRows.findByJobIdOrderBySeq(id).stream().skip(2).forEach(s -> s.state = JobStepEntity.State.INTERRUPTED);
    });
    JsonNode resumed = awaitJob(http, http.post("/api/v1/jobs/" + id + "/retry", "").json());
    assertThat(resumed.get("state").asString()).as(log(http, resumed)).isEqualTo("succeeded");
    assertThat(resumed.get("steps").valueStream().limit(2).map(s -> s.get("attempts").asInt())).containsOnly(1);
    assertThat(resumed.get("steps").valueStream().skip(2).map(s -> s.get("attempts").asInt())).containsOnly(2);

    // six hosts
    for (int i = 1; i <= 3; i++) {
      docker("rm", "-f", "pa-" + i, "pb-" + i);
    }
    List<String> six = startHosts(http, 6);
    HEKETI.reset();
    assertThat(http.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    assertThat(http.put("/api/v1/platform", YAML, platform(six)).status()).isEqualTo(200);
    JsonNode sixHosts = runJob(http, "{\"type\":\"provision-platform\",\"replaceDrifted\":true}");
    assertThat(sixHosts.get("state").asString()).as(log(http, sixHosts)).isEqualTo("succeeded");
    assertThat(inspect("pb-6", "{{.State.Running}}")).isEqualTo("true");
    JsonNode sixAgain = runJob(http, "{\"type\":\"provision-platform\"}");
    assertThat(sixAgain.get("steps").valueStream().map(s -> s.get("state").asString())).containsOnly("unchanged");

    // a used disk (here a file under the host's /dev with an ext4 filesystem) is wiped only when asked, and only
    // when the host reports the stable id the inventory recorded: lsblk finds none on a file, so nothing is wiped
    assertThat(dockerOk("exec", "tdm-node1", "sh", "-c",
        "truncate -s 16M /dev/tandem-disk1 && mkfs.ext4 -q -F /dev/tandem-disk1")).isTrue();
    assertThat(http.post("/api/v1/hosts/node1/devices", "{\"path\":\"/dev/tandem-disk1\",\"stableId\":\"tdm-1\","
        + "\"signature\":\"ext4\"}").status()).isEqualTo(201);
    assertThat(http.post("/api/v1/pools/pa/devices", "{\"host\":\"node1\",\"device\":\"/dev/tandem-disk1\"}")
        .status()).isEqualTo(422);
    String wipe = "{\"type\":\"wipe-devices\",\"hosts\":[\"node1\"],\"devices\":[\"/dev/tandem-disk1\"]";
    assertThat(http.post("/api/v1/jobs", wipe + "}").status()).as("needs confirm").isEqualTo(422);
    JsonNode refused = runJob(http, wipe + ",\"confirm\":true}");
    assertThat(refused.get("state").asString()).isEqualTo("failed");
    assertThat(log(http, refused)).contains("refusing to wipe /dev/tandem-disk1: the inventory expects stable id tdm-1");
    assertThat(dockerOk("exec", "tdm-node1", "blkid", "-p", "/dev/tandem-disk1")).as("signature kept").isTrue();
    assertThat(http.get("/api/v1/hosts/node1/devices/tandem-disk1").json().get("signature").asString())
        .isEqualTo("ext4");
    assertThat(http.put("/api/v1/hosts/node1/devices/tandem-disk1", JSON, "{\"path\":\"/dev/tandem-disk1\"}")
        .status()).isEqualTo(200);
    assertThat(http.post("/api/v1/pools/pa/devices", "{\"host\":\"node1\",\"device\":\"/dev/tandem-disk1\"}")
        .status()).isEqualTo(201);
    assertThat(http.post("/api/v1/jobs", wipe + ",\"confirm\":true}").status())
        .as("a pool's device is never wiped").isEqualTo(422);
    String audit = http.get("/api/v1/audit?method=POST&limit=50").body();
    assertThat(audit).contains("/api/v1/jobs");

    JsonNode teardown = runJob(http, "{\"type\":\"teardown-pool\",\"pools\":[\"pb\"],\"confirm\":true}");
    assertThat(teardown.get("state").asString()).isEqualTo("succeeded");
    assertThat(dockerOk("inspect", "pb-1")).isFalse();
    assertThat(inspect("pa-1", "{{.State.Running}}")).isEqualTo("true");

  }

  /**
   * restore-heketi-db on node1, whose Heketi container is the placeholder deploy-heketi ran: a backup taken
   * through Tandem (the stand-in's /backup/db) replaces the database the host has, which is kept aside;
   * the container is removed and run again; a drift report is made last.
   */
  private void restoresHeketisDatabaseOnTheHeketiHost(TestHttp http) throws Exception {
    Path heketiDir = ROOT.resolve("node1/var/lib/heketi");
    byte[] current = "the database Heketi had before the restore\n".getBytes(StandardCharsets.UTF_8);
    Files.write(heketiDir.resolve("heketi.db"), current);
    TestHttp.Response taken = http.post("/api/v1/heketi/backups", "");
    assertThat(taken.status()).as(taken.toString()).isEqualTo(201);
    String backup = taken.json().get("id").asString();
    String sha256 = taken.json().get("sha256").asString();
    String container = inspect(StepLibrary.HEKETI_CONTAINER, "{{.Id}}");
    Instant started = Instant.now();

    JsonNode restore = runJob(http, "{\"type\":\"restore-heketi-db\",\"backup\":\"" + backup + "\",\"confirm\":true}");

    String restoreLog = log(http, restore);
    assertThat(restore.get("state").asString()).as(restoreLog).isEqualTo("succeeded");
    assertThat(restore.get("steps").valueStream().map(s -> s.get("step").asString() + " " + s.get("state").asString()))
        .containsExactly("stop heketi changed", "keep heketi.db aside changed",
            "put backup " + backup + " in place changed", "container gluster-heketi changed",
            "heketi endpoint unchanged", "drift report unchanged");
    assertThat(inspect(StepLibrary.HEKETI_CONTAINER, "{{.Id}}")).as("stopped (removed) and started again")
        .isNotEqualTo(container);
    assertThat(inspect(StepLibrary.HEKETI_CONTAINER, "{{.State.Running}}")).isEqualTo("true");
    assertThat(Files.readAllBytes(heketiDir.resolve("heketi.db.before-restore." + sha256(current).substring(0, 12))))
        .as("the database the host had, kept aside").isEqualTo(current);
    assertThat(sha256(Files.readAllBytes(heketiDir.resolve("heketi.db")))).as("the backup in place").isEqualTo(sha256);
    JsonNode drift = http.get("/api/v1/drift").json();
    assertThat(Instant.parse(drift.get("takenAt").asString())).as("a drift report after the restore").isAfter(started);
    assertThat(drift.get("heketi").asString()).as("Heketi was read for it").startsWith("Heketi read: ");
    assertThat(drift.get("findings")).as(drift.toString()).isEmpty();
    assertThat(restoreLog).contains("wait until Heketi answers GET /hello", "make a drift report (POST /api/v1/drift)",
        "stored (GET /api/v1/drift): 0 findings");
  }

  private static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }

  /**
   * roll-pool over pa's three real glusterd containers: a replica-3 volume made with the gluster CLI on
   * brick directories under /var/lib/heketi (the host's per-pool directory), files written through a FUSE
   * mount inside pa-1; after the roll every container is a new one, the volume is started, every peer
   * Connected, nothing pending heal, and the files read back the same through a new mount.
   */
  private void rollsPoolPaKeepingAReplicatedVolumeHealthy(TestHttp http) {
    String[] ips = {PREFIX[0] + "11", PREFIX[0] + "12", PREFIX[0] + "13"};
    for (int i = 1; i <= 3; i++) {
      gluster("pa-" + i, "mkdir", "-p", "/var/lib/heketi/bricks");
    }
    gluster("pa-1", "gluster", "--mode=script", "peer", "probe", ips[1]);
    gluster("pa-1", "gluster", "--mode=script", "peer", "probe", ips[2]);
    List<String> create = new ArrayList<>(List.of("gluster", "--mode=script", "volume", "create", "rollvol",
        "replica", "3"));
    for (String ip : ips) {
      create.add(ip + ":/var/lib/heketi/bricks/rollvol");
    }
    create.add("force");
    awaitOk("pa-1", create.toArray(String[]::new));
    gluster("pa-1", "gluster", "--mode=script", "volume", "start", "rollvol");
    String mount = "mkdir -p /mnt/rollvol && mount -t glusterfs " + ips[0] + ":/rollvol /mnt/rollvol && cd /mnt/rollvol";
    gluster("pa-1", "sh", "-c", mount + " && for i in 1 2 3 4 5 6 7 8; do head -c 65536 /dev/urandom > f$i; done"
        + " && sha256sum f* > /tmp/rollvol.sha256 && cd / && umount /mnt/rollvol");
    String sums = output("docker", "exec", "pa-1", "cat", "/tmp/rollvol.sha256");
    List<String> before = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      before.add(inspect("pa-" + i, "{{.Id}}"));
    }

    // another image for Tandem (another reference, another spec hash), the same local image for Docker: no pull
    String rolled = "docker.io/library/tandem-test-gluster:latest";
    JsonNode roll = runJob(http, "{\"type\":\"roll-pool\",\"pools\":[\"pa\"],\"image\":\"" + rolled + "\"}");
    String rollLog = log(http, roll);
    assertThat(roll.get("state").asString()).as(rollLog).isEqualTo("succeeded");
    assertThat(rollLog.indexOf("recreate container pa-1")).isLessThan(rollLog.indexOf("heal settled after pa-1"));
    assertThat(rollLog.indexOf("heal settled after pa-1")).isLessThan(rollLog.indexOf("recreate container pa-2"));
    for (int i = 1; i <= 3; i++) {
      assertThat(inspect("pa-" + i, "{{.Id}}")).as("pa-" + i + " is a new container").isNotEqualTo(before.get(i - 1));
      assertThat(inspect("pa-" + i, "{{.State.Running}}")).isEqualTo("true");
      assertThat(inspect("pa-" + i, "{{.Config.Image}}")).isEqualTo(rolled);
    }
    assertThat(http.get("/api/v1/pools/pa").json().get("image").asString()).as("the inventory says the new image")
        .isEqualTo(rolled);
    JsonNode deploy = runJob(http, "{\"type\":\"deploy-pool\",\"pools\":[\"pa\"]}");
    assertThat(deploy.get("steps").valueStream().map(s -> s.get("step").asString() + " " + s.get("state").asString()))
        .as("deploy-pool recreates no rolled container")
        .contains("container pa-1 unchanged", "container pa-3 unchanged").allMatch(s -> s.endsWith(" unchanged"));
    assertThat(output("docker", "exec", "pa-2", "gluster", "--mode=script", "volume", "info", "rollvol"))
        .contains("Status: Started").contains("Number of Bricks: 1 x 3 = 3");
    assertThat(GlusterState.notConnected(output("docker", "exec", "pa-3", "gluster", "--mode=script", "pool", "list")))
        .isEmpty();
    GlusterState.Heal heal = GlusterState.heal("rollvol",
        output("docker", "exec", "pa-1", "gluster", "--mode=script", "volume", "heal", "rollvol", "info"));
    assertThat(heal.settled()).as(heal.describe()).isTrue();
    assertThat(heal.bricks()).isEqualTo(3);
    String check = output("docker", "exec", "pa-3", "sh", "-c", mount.replace(ips[0], ips[2])
        + " && printf '%s' \"$0\" | sha256sum -c - ; s=$?; cd / && umount /mnt/rollvol; exit $s", sums);
    assertThat(check).as("the files read back the same after the roll").contains("f8: OK").doesNotContain("FAILED");

    // the pool as the rest of this test expects it: no volume, no peers
    gluster("pa-1", "gluster", "--mode=script", "volume", "stop", "rollvol", "force");
    gluster("pa-1", "gluster", "--mode=script", "volume", "delete", "rollvol");
    gluster("pa-1", "gluster", "--mode=script", "peer", "detach", ips[1]);
    gluster("pa-1", "gluster", "--mode=script", "peer", "detach", ips[2]);
  }

  /** A command inside a gluster container, which must succeed. */
  private static void gluster(String container, String... argv) {
    List<String> command = new ArrayList<>(List.of("docker", "exec", container));
    command.addAll(List.of(argv));
    assertThat(TestComponents.run(command.toArray(String[]::new))).as(String.join(" ", command)).isTrue();
  }

  /** A command inside a container, tried again for a few seconds (peers just probed take a moment). */
  private static void awaitOk(String container, String... argv) {
    List<String> command = new ArrayList<>(List.of("docker", "exec", container));
    command.addAll(List.of(argv));
    Instant until = Instant.now().plusSeconds(20);
    while (!TestComponents.run(command.toArray(String[]::new))) {
      assertThat(Instant.now()).as(String.join(" ", command)).isBefore(until);
      sleep(200);
    }
  }

  // ---- the platform and its hosts ----

  private List<String> startHosts(TestHttp http, int count) throws IOException {
    Path keys = ROOT.resolve("authorized_keys");
    Files.createDirectories(ROOT);
    Files.writeString(keys, http.get("/api/v1/provisioning/ssh-key", "text/plain").body());
    // all at once: each start (docker rm -f of the earlier one, docker run) waits on the engine, and each sshd
    // then takes seconds to come up
    List<CompletableFuture<String>> started = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String name = "tdm-node" + i;
      Path root = ROOT.resolve("node" + i);
      Files.createDirectories(root);
      started.add(CompletableFuture.supplyAsync(() -> TestHosts.start(name, root, keys),
          task -> new Thread(task).start()));
    }
    List<String> addresses = started.stream().map(CompletableFuture::join).toList();
    addresses.forEach(TestHosts::waitForSsh);
    return addresses;
  }

  private static String platform(List<String> addresses) {
    StringBuilder yaml = new StringBuilder("hosts:\n");
    for (int i = 1; i <= addresses.size(); i++) {
      yaml.append("  - {name: node").append(i).append(", address: ").append(addresses.get(i - 1))
          .append(", dockerEndpoint: 'unix:///var/run/docker.sock', interfaces: [{name: tdm-pa}, {name: tdm-pb}]}\n");
    }
    yaml.append("pools:\n");
    for (int p = 0; p < 2; p++) {
      yaml.append("  - name: ").append(POOLS[p]).append("\n    subnet: ").append(SUBNETS[p])
          .append("\n    interface: ").append(PARENTS[p])
          .append("\n    image: tandem-test-gluster:latest\n    privilegeMode: capabilities\n    members:\n");
      for (int i = 1; i <= addresses.size(); i++) {
        yaml.append("      - {host: node").append(i).append(", container: ").append(POOLS[p]).append('-').append(i)
            .append(", ip: ").append(PREFIX[p]).append(10 + i).append(", zone: ").append(i).append("}\n");
      }
    }
    yaml.append("heketi: {host: node1, port: 18080, image: 'tandem-test-heketi:latest'}\n");
    return yaml.toString();
  }

  // ---- drift ----

  private JsonNode drift(TestHttp http) {
    TestHttp.Response answer = http.post("/api/v1/drift", "");
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return answer.json();
  }

  // ---- jobs ----

  private JsonNode runJob(TestHttp http, String request) {
    TestHttp.Response accepted = http.post("/api/v1/jobs", request);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    return awaitJob(http, accepted.json());
  }

  private JsonNode awaitJob(TestHttp http, JsonNode job) {
    Instant until = Instant.now().plusSeconds(300);
    String self = job.get("self").asString();
    JsonNode now = http.get(self).json();
    while (Set.of("queued", "running").contains(now.get("state").asString()) && Instant.now().isBefore(until)) {
      sleep(50);
      now = http.get(self).json();
    }
    return now;
  }

  private String log(TestHttp http, JsonNode job) {
    return http.get("/api/v1/jobs/" + job.get("id").asString() + "/log", "text/plain").body();
  }

  // ---- docker and ssh helpers ----

  static boolean dockerOk(String... args) {
    List<String> argv = new ArrayList<>(List.of("docker"));
    argv.addAll(List.of(args));
    return TestComponents.run(argv.toArray(String[]::new));
  }

  static void docker(String... args) {
    dockerOk(args);
  }

  private static void awaitNoProcess(String container, String name) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    // a killed daemon stays a zombie (the test hosts' PID 1 is sleep, which reaps nothing): live states only
    while (dockerOk("exec", container, "pgrep", "-r", "R,S,D,T", "-x", name)) {
      assertThat(System.nanoTime() - deadline).as(name + " still runs in " + container).isNegative();
      sleep(50);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
