package dev.tandem.provisioning;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import dev.tandem.heketi.BoltFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The plan of provision-platform for the runbook's platform is the runbook, generated: made by the
 * same steps over recording executors, touching no host (the example's addresses are never contacted).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"spring.datasource.url=jdbc:h2:mem:plan;DB_CLOSE_DELAY=-1",
    "tandem.provisioning.heketi-start-timeout=1s"})
class ProvisioningPlanTests {

  @LocalServerPort int port;
  TestHttp http;

  @BeforeEach
  void examplePlatform() {
    http = new TestHttp(port);
    assertThat(http.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    assertThat(http.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
  }

  JsonNode plan(String body) {
    // as curl --json sends it
    Response answer = http.send("POST", "/api/v1/jobs", JSON, body, JSON);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return answer.json();
  }

  @Test
  void provisionPlatformPlansTheWholeRunbook() {
    JsonNode plan = plan("{\"type\":\"provision-platform\",\"dryRun\":true,\"systemdUnits\":true}");
    String script = plan.get("script").asString();
    System.out.println(script);

    assertThat(script)
        // VLAN sub-interface, its ifcfg file, 8021q at boot
        .contains("ip link add link eth1 name eth1.199 type vlan id 199")
        .contains("install -D -m 0644 /dev/stdin /etc/sysconfig/network-scripts/ifcfg-eth1.199")
        .contains("VLAN=yes\nPHYSDEV=eth1\nIPADDR=192.168.199.129\nPREFIX=24")
        .contains("install -D -m 0644 /dev/stdin /etc/modules-load.d/8021q.conf <<'EOF'\n8021q\nEOF")
        // macvlan networks per pool
        .contains("docker network create -d macvlan --subnet=192.168.99.0/24 -o parent=eth1 gluster-rhv-net")
        .contains("docker network create -d macvlan --subnet=192.168.199.0/24 -o parent=eth1.199 gluster-ocp-net")
        // per-pool directories and the fstab file the container needs
        .contains("mkdir -p -m 0755 /etc/glusterfs-gluster-rhv")
        .contains("mkdir -p -m 0755 /var/lib/glusterd-gluster-ocp")
        .contains("mkdir -p -m 0700 /home/gluster-ocp-3-root/.ssh")
        .contains("touch /var/lib/heketi-gluster-rhv/fstab")
        // the gluster containers, as the runbook runs them
        .contains("docker pull rhgs3/rhgs-server-rhel7").contains("docker pull rhgs3/rhgs-volmanager-rhel7")
        .contains("docker run -d --name=gluster-rhv-1 --net=gluster-rhv-net --ip=192.168.99.28 --privileged=true")
        .contains("-v /home/gluster-rhv-1-root:/root:z -v /etc/glusterfs-gluster-rhv:/etc/glusterfs:z"
            + " -v /var/lib/glusterd-gluster-rhv:/var/lib/glusterd:z -v /var/log/glusterfs-gluster-rhv:/var/log/glusterfs:z"
            + " -v /var/lib/heketi-gluster-rhv:/var/lib/heketi:z -v /sys/fs/cgroup:/sys/fs/cgroup:ro -v /dev:/dev")
        .contains("--name=gluster-ocp-3 --net=gluster-ocp-net --ip=192.168.199.30")
        // Heketi: its key in every gluster container's root, its config with auth on, its container and unit
        .contains("tee -a /home/gluster-rhv-2-root/.ssh/authorized_keys")
        .contains("install -D -m 0600 /dev/stdin /etc/heketi/heketi_key")
        .contains("\"use_auth\": true").contains("\"port\": \"2222\"").contains("\"fstab\": \"/var/lib/heketi/fstab\"")
        .contains("docker run -d --name=gluster-heketi --net=host")
        .contains("-v /etc/heketi:/etc/heketi:z -v /var/lib/heketi:/var/lib/heketi:z")
        .contains("rhgs3/rhgs-volmanager-rhel7")
        .contains("SuccessExitStatus=0 137").contains("ExecStart=/usr/bin/docker run --label dev.tandem.spec=")
        .contains(" --name=gluster-heketi --net=host")
        .contains("systemctl enable docker-container-gluster-heketi.service")
        // the host shims, persistent through systemd instead of rc.local
        .contains("ip link add macvlan0 link eth1 type macvlan mode bridge")
        .contains("ip addr add 192.168.199.228/24 dev macvlan1")
        .contains("systemctl enable tandem-shim-macvlan1.service")
        // the Heketi port in the firewall, and reconcile instead of topology load
        .contains("firewall-cmd --add-port 8080/tcp --permanent")
        .contains("reconcile Heketi with the inventory");
    assertThat(plan.get("steps").valueStream().map(s -> s.path("host").asString("platform")).distinct())
        .containsExactly("node1", "node2", "node3", "platform");
  }

  @Test
  void aPlanChangesNothingAndGeneratesNoSecret() {
    plan("{\"type\":\"deploy-heketi\",\"dryRun\":true}");
    String script = plan("{\"type\":\"deploy-heketi\",\"dryRun\":true}").get("script").asString();
    assertThat(script).contains("<generated admin key>").contains("<public key generated at the first run>");
    assertThat(http.get("/api/v1/jobs").json()).isEmpty();
  }

  @Autowired DeviceRecorder devices;

  /** What lsblk -J -b -o NAME,PATH,TYPE,SIZE,ROTA,WWN,SERIAL,FSTYPE,PTTYPE,MOUNTPOINT prints (util-linux 2.38). */
  static final String LSBLK = """
      {"blockdevices": [
        {"name":"sda","path":"/dev/sda","type":"disk","size":480103981056,"rota":false,"wwn":"0x5002538e40a1b2c3",
         "serial":"S3Z8NB0K","fstype":null,"pttype":"gpt","mountpoint":null,
         "children":[{"name":"sda1","path":"/dev/sda1","type":"part","size":1073741824,"rota":false,"wwn":null,
                      "serial":null,"fstype":"xfs","pttype":"gpt","mountpoint":"/boot"}]},
        {"name":"sdb","path":"/dev/sdb","type":"disk","size":960197124096,"rota":false,"wwn":"0x5002538e40a1b2c4",
         "serial":"S3Z8NB0L","fstype":"LVM2_member","pttype":null,"mountpoint":null},
        {"name":"sdh","path":"/dev/sdh","type":"disk","size":960197124096,"rota":true,"wwn":null,
         "serial":"WD-12345","fstype":null,"pttype":null,"mountpoint":null},
        {"name":"sr0","path":"/dev/sr0","type":"rom","size":1073741312,"rota":true,"wwn":null,"serial":"QM0001",
         "fstype":null,"pttype":null,"mountpoint":null}
      ]}""";

  @Test
  void discoveredDevicesEnterTheInventoryWithTheirSignatures() {
    assertThat(devices.record("node1", LSBLK)).isEqualTo("3 disks recorded");

    JsonNode sda = http.get("/api/v1/hosts/node1/devices/sda").json();
    assertThat(sda.get("state").asString()).isEqualTo("discovered");
    assertThat(sda.get("signature").asString()).isEqualTo("partition table gpt, 1 partitions");
    assertThat(sda.get("stableId").asString()).isEqualTo("0x5002538e40a1b2c4".replace("c4", "c3"));
    JsonNode sdb = http.get("/api/v1/hosts/node1/devices/sdb").json();
    assertThat(sdb.get("state").asString()).as("gluster-rhv's own disk, holding bricks").isEqualTo("in-use");
    assertThat(sdb.get("sizeBytes").asLong()).isEqualTo(960197124096L);
    JsonNode sdh = http.get("/api/v1/hosts/node1/devices/sdh").json();
    assertThat(sdh.get("rotational").asBoolean()).isTrue();
    assertThat(sdh.has("signature")).isFalse();
    assertThat(http.get("/api/v1/hosts/node1/devices/sr0").status()).isEqualTo(404);
    assertThat(http.post("/api/v1/pools/gluster-ocp/devices", "{\"host\":\"node1\",\"device\":\"/dev/sda\"}")
        .status()).as("a disk with a signature is not assigned").isEqualTo(422);
    assertThat(devices.record("node1", LSBLK)).startsWith("no change");
  }

  @Autowired HeketiEndpoints heketiEndpoints;
  @Autowired dev.tandem.heketi.HeketiClient heketi;
  @Autowired PlatformSecrets secrets;

  @Test
  void tandemFollowsTheHeketiItDeploysOnceItAnswers() {
    var deployed = new com.github.tomakehurst.wiremock.WireMockServer(
        com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    deployed.start();
    java.net.URI before = heketi.url();
    try {
      java.net.URI silent = java.net.URI.create(deployed.baseUrl());
      assertThat(heketiEndpoints.use(silent).changed()).as("no answer yet: settings kept").isFalse();
      assertThat(heketi.url()).isEqualTo(before);

      deployed.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/hello")
          .willReturn(dev.tandem.heketi.Transcripts.response("clusters.json", "hello")));
      deployed.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/clusters")
          .willReturn(dev.tandem.heketi.Transcripts.response("clusters.json", "cluster list (empty db)")));
      assertThat(heketiEndpoints.use(silent).changed()).isTrue();
      assertThat(heketi.url()).isEqualTo(silent);
      assertThat(secrets.find("heketi-url")).hasValue(silent.toString());
      assertThat(heketi.clusters().clusters()).isEmpty();
      String token = deployed.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
          com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/clusters"))).get(0).getHeader("Authorization");
      String[] parts = token.substring("bearer ".length()).split("\\.");
      assertThat(dev.tandem.heketi.TestSignatures.hs256(secrets.heketi().adminKey(), parts[0] + "." + parts[1]))
          .as("signed with the generated admin key").isEqualTo(parts[2]);
    } finally {
      heketi.repoint(before, "");
      deployed.stop();
    }
  }

  @Test
  void withoutAConfiguredUrlTheRecordedOneIsUsedAtStart() {
    java.net.URI before = heketi.url();
    try {
      secrets.heketi();
      secrets.put("heketi-url", "http://127.0.0.1:9/");
      heketiEndpoints.restore();
      assertThat(heketi.url()).hasToString("http://127.0.0.1:9/");
    } finally {
      heketi.repoint(before, "");
    }
  }

  @Test
  void jobRequestsAreValidated() {
    assertThat(http.send("POST", "/api/v1/jobs", JSON, "{\"type\":\"explode\"}", JSON).status()).isEqualTo(400);
    assertThat(http.send("POST", "/api/v1/jobs", JSON, "not json", JSON).status()).isEqualTo(400);
    assertThat(http.send("POST", "/api/v1/jobs", JSON, "{\"type\":\"deploy-pool\",\"pools\":[\"x;y\"]}", JSON)
        .status()).isEqualTo(400);
    Response unknown = http.send("POST", "/api/v1/jobs", JSON, "{\"type\":\"deploy-pool\",\"pools\":[\"nope\"],"
        + "\"dryRun\":true}", JSON);
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(http.send("POST", "/api/v1/jobs", JSON, "{\"type\":\"teardown-pool\",\"pools\":[\"gluster-ocp\"]}",
        JSON).status()).isEqualTo(422);
    String teardown = plan("{\"type\":\"teardown-pool\",\"pools\":[\"gluster-ocp\"],\"dryRun\":true}")
        .get("script").asString();
    assertThat(teardown).contains("docker rm -f gluster-ocp-1").contains("docker network rm gluster-ocp-net")
        .doesNotContain("gluster-rhv");
    assertThat(http.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
    String wipe = "{\"type\":\"wipe-devices\",\"hosts\":[\"node2\"],\"devices\":[\"/dev/sdb\"],\"dryRun\":true}";
    assertThat(http.send("POST", "/api/v1/jobs", JSON, wipe, JSON).status()).as("assigned to gluster-rhv")
        .isEqualTo(422);
    assertThat(http.delete("/api/v1/pools/gluster-rhv/devices/node2/sdb").status()).isEqualTo(204);
    assertThat(plan(wipe).get("script").asString()).contains("wipefs --all /dev/sdb")
        .contains("record /dev/sdb as wiped");
  }

  @Autowired JdbcTemplate jdbc;

  @Test
  void rollPoolPlansEachMemberInTurnWithEveryCommand() {
    JsonNode plan = plan("{\"type\":\"roll-pool\",\"pools\":[\"gluster-ocp\"],\"image\":\"gluster/server:10.4\","
        + "\"dryRun\":true}");
    String script = plan.get("script").asString();

    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      String c = "gluster-ocp-" + i;
      expected.addAll(List.of("##### node" + i + " #####", "heal settled before " + c,
          "# wait for self-heal to have nothing pending on every volume ('gluster volume heal <volume> info' for each"
              + " volume 'gluster volume list' names: every 'Number of entries:' 0) in " + c
              + " (every 2 s, at most 600 s)",
          "docker exec " + c + " gluster --mode=script volume list",
          "image gluster/server:10.4", "docker pull gluster/server:10.4",
          "recreate container " + c, "docker rm -f " + c,
          "docker run -d --name=" + c + " --net=gluster-ocp-net --ip=192.168.199." + (27 + i),
          "glusterd and peers of " + c, "docker exec " + c + " gluster --mode=script pool list",
          "heal settled after " + c, "docker exec " + c + " gluster --mode=script volume list"));
    }
    expected.addAll(List.of("record image gluster/server:10.4 for pool gluster-ocp",
        "record gluster/server:10.4 as the image of pool gluster-ocp in the inventory"));
    int at = 0;
    for (String line : expected) {
      at = script.indexOf(line, at);
      assertThat(at).as("in order: " + line + "\n" + script).isNotNegative();
    }
    assertThat(script).contains("-v /var/lib/heketi-gluster-ocp:/var/lib/heketi:z -v /sys/fs/cgroup:/sys/fs/cgroup:ro"
        + " -v /dev:/dev --label dev.tandem.pool=gluster-ocp --label dev.tandem.role=gluster gluster/server:10.4");
    assertThat(script).doesNotContain("gluster-rhv");
    assertThat(plan("{\"type\":\"roll-pool\",\"pools\":[\"gluster-ocp\"],\"dryRun\":true}").get("script").asString())
        .as("a roll onto the inventory's image records none").doesNotContain("record ");
    assertThat(plan("{\"type\":\"roll-pool\",\"pools\":[\"gluster-ocp\"],\"hosts\":[\"node1\"],"
        + "\"image\":\"gluster/server:10.4\",\"dryRun\":true}").get("script").asString())
        .as("nor a roll of some members: the others still run the inventory's image").doesNotContain("record ");

    assertThat(http.post("/api/v1/jobs", "{\"type\":\"roll-pool\",\"dryRun\":true}").status()).isEqualTo(422);
    Response badImage = http.post("/api/v1/jobs", "{\"type\":\"roll-pool\",\"pools\":[\"gluster-ocp\"],"
        + "\"image\":\"x;reboot\",\"dryRun\":true}");
    assertThat(badImage.status()).isEqualTo(400);
    assertThat(badImage.json().at("/errors/0/field").asString()).isEqualTo("image");
    assertThat(http.post("/api/v1/jobs", "{\"type\":\"deploy-pool\",\"image\":\"a/b:1\",\"dryRun\":true}")
        .status()).as("only roll-pool takes an image").isEqualTo(422);
  }

  @Test
  void restoreHeketiDbPlansStopAsideInPlaceStartAndIsRefusedWithoutConfirmOrABackup() {
    byte[] file = BoltFiles.heketiDb(5);
    long id = jdbc.queryForObject("select id from final table (insert into heketi_backup (taken_at, taken_by,"
        + " outcome, size_bytes, sha256, content) values (current_timestamp, 'replica-a', 'KEPT', ?, 'ab12', ?))",
        Long.class, file.length, file);
    long refused = jdbc.queryForObject("select id from final table (insert into heketi_backup (taken_at, taken_by,"
        + " outcome, message) values (current_timestamp, 'replica-a', 'REFUSED', 'not a BoltDB file'))", Long.class);

    JsonNode plan = plan("{\"type\":\"restore-heketi-db\",\"backup\":\"" + id + "\",\"dryRun\":true}");

    assertThat(plan.get("steps").valueStream().map(st -> st.get("step").asString())).containsExactly("stop heketi",
        "keep heketi.db aside", "put backup " + id + " in place", "container gluster-heketi", "heketi endpoint",
        "drift report");
    assertThat(plan.get("steps").valueStream().limit(5).map(st -> st.get("host").asString())).containsOnly("node1");
    assertThat(plan.get("steps").get(5).path("host").isMissingNode() || plan.get("steps").get(5).get("host").isNull())
        .as("the drift report is the platform's").isTrue();
    assertThat(plan.get("script").asString())
        .contains("sha256sum /var/lib/heketi/heketi.db")
        .contains("# there is no /var/lib/heketi/heketi.db to keep aside")
        .contains("base64 -d", "mv \"$1.tandem-new\" \"$1\" || { rm -f \"$1.tandem-new\"; exit 1; }' sh"
            + " /var/lib/heketi/heketi.db ab12")
        .contains("<backup " + id + ", " + file.length + " bytes, base64>").contains("sha256sum -c --status")
        .contains("docker run -d --name=gluster-heketi --net=host")
        .contains("wait until Heketi answers GET /hello").contains("a dry run does not wait")
        .contains("make a drift report (POST /api/v1/drift)").contains("a dry run makes no drift report");

    String job = "{\"type\":\"restore-heketi-db\",\"backup\":\"" + id + "\"}";
    Response unconfirmed = http.send("POST", "/api/v1/jobs", JSON, job, JSON);
    assertThat(unconfirmed.status()).isEqualTo(422);
    assertThat(unconfirmed.body()).contains("\\\"confirm\\\":true");
    for (String backup : new String[] {"null", "\"" + refused + "\"", "\"999999\""}) {
      Response answer = http.send("POST", "/api/v1/jobs", JSON,
          "{\"type\":\"restore-heketi-db\",\"confirm\":true,\"backup\":" + backup + "}", JSON);
      assertThat(answer.status()).as(backup + ": " + answer).isEqualTo(422);
      assertThat(answer.isProblem()).isTrue();
    }
    http.delete("/api/v1/clients/restorer");
    String secret = http.post("/api/v1/clients", "{\"name\":\"restorer\",\"role\":\"operator\"}").json()
        .get("secret").asString();
    TestHttp operator = new TestHttp(port, "restorer", secret);
    assertThat(operator.send("POST", "/api/v1/jobs", JSON, job.replace("}", ",\"dryRun\":true}"), JSON).status())
        .as("an operator may plan it").isEqualTo(200);
    Response forbidden = operator.send("POST", "/api/v1/jobs", JSON, job.replace("}", ",\"confirm\":true}"), JSON);
    assertThat(forbidden.status()).as("only an admin may run it").isEqualTo(403);
    assertThat(forbidden.isProblem()).isTrue();
    String failed = "00000000-0000-0000-0000-00000000beef";   // an admin's restore that failed
    jdbc.update("insert into job (id, type, state, request, cancel, created_at) values (?, 'restore-heketi-db',"
        + " 'FAILED', ?, false, current_timestamp)", failed, job.replace("}", ",\"confirm\":true}"));
    try {
      Response retried = operator.post("/api/v1/jobs/" + failed + "/retry", "");
      assertThat(retried.status()).as("nor run it again: " + retried).isEqualTo(403);
      assertThat(jdbc.queryForObject("select state from job where id = ?", String.class, failed)).isEqualTo("FAILED");
    } finally {
      jdbc.update("delete from job where id = ?", failed);
    }
    Response malformed = http.send("POST", "/api/v1/jobs", JSON,
        "{\"type\":\"restore-heketi-db\",\"dryRun\":true,\"backup\":\"../heketi.db\"}", JSON);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body()).contains("backup");
  }
}
