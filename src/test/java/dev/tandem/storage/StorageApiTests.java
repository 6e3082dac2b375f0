package dev.tandem.storage;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import dev.tandem.heketi.FakeHeketi;
import dev.tandem.heketi.Transcripts;
import dev.tandem.provisioning.RollJobRows;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hibernate.SessionFactory;
import org.hibernate.stat.EntityStatistics;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Storage by pool name end to end: Tandem's API in front of a Heketi stand-in built from the transcripts. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StorageApiTests {

  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();
  static final List<String> VIRT = List.of("group virt", "network.remote-dio disable", "storage.owner-uid 36",
      "storage.owner-gid 36");

  @DynamicPropertySource
  static void heketi(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:storage;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    registry.add("tandem.heketi.url", HEKETI::url);
    registry.add("tandem.heketi.admin-key", () -> FakeHeketi.ADMIN_KEY);
    registry.add("tandem.heketi.poll-interval", () -> "20ms");
    // short, so that a create whose answer was lost at a stop is settled within a test's wait
    registry.add("tandem.heketi.operation-deadline", () -> "3s");
    registry.add("tandem.public-url", () -> "https://tandem.storage.example:8443");
    registry.add("spring.jpa.properties.hibernate.generate_statistics", () -> "true");
  }

  @AfterAll
  static void stopHeketi() {
    HEKETI.shutdown();
  }

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  TestHttp http;

  @BeforeEach
  void freshPlatform() {
    http = new TestHttp(port);
    assertThat(http.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    HEKETI.reset();
    assertThat(http.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
  }

  JsonNode reconcile() {
    Response answer = http.post("/api/v1/reconcile", "");
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return answer.json();
  }

  String clusterOf(JsonNode report, String pool) {
    for (JsonNode p : report.get("pools")) {
      if (p.get("pool").asString().equals(pool)) {
        return p.at("/cluster/id").asString();
      }
    }
    throw new AssertionError("no pool " + pool + " in " + report);
  }

  Response createVolume(String pool, String body) {
    return http.post("/api/v1/pools/" + pool + "/volumes?wait=30", body);
  }

  @Test
  void whileAPoolIsRolledItsVolumeOperationsAreRefusedWith503AndOtherPoolsAreNot() {
    reconcile();
    assertThat(createVolume("gluster-ocp", "{\"name\":\"before\",\"sizeGiB\":1}").status()).isEqualTo(201);
    int requests = HEKETI.volumeRequests().size();
    String job = RollJobRows.running(jdbc, "gluster-ocp");
    try {
      for (Response held : List.of(createVolume("gluster-ocp", "{\"name\":\"during\",\"sizeGiB\":1}"),
          http.post("/api/v1/pools/gluster-ocp/volumes/before/expand", "{\"addGiB\":1}"),
          http.delete("/api/v1/pools/gluster-ocp/volumes/before"))) {
        assertThat(held.status()).as(held.toString()).isEqualTo(503);
        assertThat(held.isProblem()).isTrue();
        assertThat(held.json().get("type").asString()).isEqualTo("urn:tandem:problem:pool-held");
        assertThat(held.json().get("detail").asString()).contains("job " + job + " (roll-pool)");
        assertThat(held.retryAfter()).isEqualTo("60");
      }
      assertThat(HEKETI.volumeRequests()).as("nothing reached Heketi").hasSize(requests);
      Response other = createVolume("gluster-rhv", "{\"name\":\"elsewhere\",\"sizeGiB\":1}");
      assertThat(other.status()).as(other.toString()).isEqualTo(201);
    } finally {
      RollJobRows.end(jdbc, job);
    }
    Response after = createVolume("gluster-ocp", "{\"name\":\"after\",\"sizeGiB\":1}");
    assertThat(after.status()).as(after.toString()).isEqualTo(201);
  }

  @Test
  void intoAnEmptyClusterTheFirstNodeGoesAloneTheOthersAfterIt() {
    // Heketi has a new node peer-probed by one already in the cluster: nodes added at once into an
    // empty cluster would each find none, and end up in separate Gluster trusted pools
    Response answer = http.post("/api/v1/pools/gluster-ocp/reconcile", "");
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);

    List<String> calls = HEKETI.calls();
    List<Integer> nodeAdds = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).equals("POST /nodes")) {
        nodeAdds.add(i);
      }
    }
    int firstNodeRead = calls.indexOf(calls.stream().filter(c -> c.startsWith("GET /nodes/")).findFirst().orElseThrow());
    assertThat(nodeAdds).hasSize(3);
    assertThat(firstNodeRead).as("the first node is in the cluster before the next is added: " + calls)
        .isBetween(nodeAdds.get(0), nodeAdds.get(1));
  }

  @Test
  void reconcileBuildsBothClustersThenASecondRunWritesNothing() {
    JsonNode first = reconcile();
    long firstWrites = HEKETI.writes();

    assertThat(HEKETI.clusters()).hasSize(2);
    String rhv = clusterOf(first, "gluster-rhv");
    String ocp = clusterOf(first, "gluster-ocp");
    assertThat(Set.of(rhv, ocp)).isEqualTo(HEKETI.clusters().keySet());
    assertThat(nodeIps(rhv)).containsExactly("192.168.99.28", "192.168.99.29", "192.168.99.30");
    assertThat(nodeIps(ocp)).containsExactly("192.168.199.28", "192.168.199.29", "192.168.199.30");
    assertThat(devices(rhv)).hasSize(3).allMatch(d -> d.equals("/dev/sdb"));
    assertThat(devices(ocp)).hasSize(15).containsOnly("/dev/sdc", "/dev/sdd", "/dev/sde", "/dev/sdf", "/dev/sdg");
    assertThat(zonesByIp(rhv)).containsExactly(Map.entry("192.168.99.28", 1), Map.entry("192.168.99.29", 2),
        Map.entry("192.168.99.30", 3));
    assertThat(first.at("/heketiCalls/writes").asInt()).isEqualTo(2 + 6 + 18);
    assertThat(first.get("changed").asBoolean()).isTrue();

    JsonNode second = reconcile();

    assertThat(second.at("/heketiCalls/writes").asInt()).isZero();
    assertThat(HEKETI.writes()).isEqualTo(firstWrites);
    assertThat(second.get("changed").asBoolean()).isFalse();
    assertThat(second.get("message").asString()).contains("no writing call");
    assertThat(second.at("/pools/0/nodes").valueStream().map(n -> n.get("action").asString())).containsOnly("unchanged");
  }

  @Test
  void aRunReadsEachPoolMemberAndDeviceRowOnceWhateverTheNumberOfPools(@Autowired EntityManagerFactory factory) {
    reconcile();
    Statistics statistics = factory.unwrap(SessionFactory.class).getStatistics();
    for (String route : List.of("/api/v1/reconcile", "/api/v1/pools/gluster-rhv/reconcile")) {
      statistics.clear();
      assertThat(http.post(route, "").status()).isEqualTo(200);
      EntityStatistics members = statistics.getEntityStatistics("dev.tandem.inventory.persistence.MemberEntity");
      EntityStatistics assignments =
          statistics.getEntityStatistics("dev.tandem.inventory.persistence.AssignmentEntity");
      // the example: 3 members in each of the 2 pools, 3 + 15 devices assigned
      assertThat(members.getLoadCount()).as("member rows loaded by " + route).isEqualTo(6);
      assertThat(assignments.getLoadCount()).as("assignment rows loaded by " + route).isEqualTo(18);
    }
    Response unknown = http.post("/api/v1/pools/gluster-nope/reconcile", "");
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
    assertThat(unknown.isProblem()).isTrue();
  }

  @Test
  void reconcileAdoptsWhatHeketiAlreadyHasAndReportsWhatItDoesNotKnow() {
    reconcile();
    assertThat(http.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    assertThat(http.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
    long writes = HEKETI.writes();

    JsonNode adopted = reconcile();

    assertThat(HEKETI.writes()).isEqualTo(writes);
    assertThat(adopted.at("/pools/0/cluster/action").asString()).isEqualTo("adopted");
    assertThat(adopted.at("/pools/0/nodes/0/action").asString()).isEqualTo("adopted");
    assertThat(adopted.at("/pools/0/devices/0/action").asString()).isEqualTo("adopted");

    http.delete("/api/v1/pools/gluster-ocp/devices/node3/sdg");
    JsonNode report = reconcile();
    assertThat(report.toString()).contains("device /dev/sdg on Heketi node 192.168.199.30 is not assigned to pool gluster-ocp");
    assertThat(HEKETI.writes()).isEqualTo(writes);
  }

  @Test
  void volumesArePinnedToTheirPoolsClusterWithThePoolsOptions() {
    String rhv = clusterOf(reconcile(), "gluster-rhv");

    Response created = createVolume("gluster-rhv", "{\"name\":\"rhv-hosted-engine\",\"sizeGiB\":100}");

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.location()).isEqualTo("/api/v1/pools/gluster-rhv/volumes/rhv-hosted-engine");
    JsonNode volume = created.json();
    assertThat(volume.get("sizeGiB").asInt()).isEqualTo(100);
    assertThat(volume.get("heketiId").asString()).hasSize(32);
    assertThat(volume.get("options").valueStream().map(JsonNode::asString)).containsExactlyElementsOf(VIRT);
    JsonNode sent = HEKETI.volumeRequests().get(0);
    assertThat(sent.get("clusters").valueStream().map(JsonNode::asString)).containsExactly(rhv);
    assertThat(sent.at("/durability/type").asString()).isEqualTo("replicate");
    assertThat(sent.at("/durability/replicate/replica").asInt()).isEqualTo(3);
    assertThat(sent.get("glustervolumeoptions").valueStream().map(JsonNode::asString)).containsExactlyElementsOf(VIRT);
    assertThat(sent.get("name").asString()).isEqualTo("rhv-hosted-engine");

    Response ocp = createVolume("gluster-ocp", "{\"name\":\"registry\",\"sizeGiB\":5,\"gid\":2001,"
        + "\"options\":[\"performance.cache-size 256MB\"]}");
    assertThat(ocp.status()).isEqualTo(201);
    assertThat(HEKETI.volumeRequests().get(1).get("glustervolumeoptions").valueStream().map(JsonNode::asString))
        .containsExactly("performance.cache-size 256MB");
    assertThat(HEKETI.volumeRequests().get(1).get("gid").asLong()).isEqualTo(2001);
  }

  @Test
  void fstabPrintsTheRunbooksMountsInTheModernForm() {
    reconcile();
    assertThat(createVolume("gluster-rhv", "{\"name\":\"rhv-hosted-engine\",\"sizeGiB\":100,\"mountPoint\":\"/100g\"}")
        .status()).isEqualTo(201);
    assertThat(createVolume("gluster-rhv", "{\"name\":\"rhv-virtual-machines\",\"sizeGiB\":1024,\"mountPoint\":\"/1t\"}")
        .status()).isEqualTo(201);

    Response fstab = http.get("/api/v1/pools/gluster-rhv/fstab", "text/plain");

    assertThat(fstab.status()).isEqualTo(200);
    assertThat(fstab.body()).isEqualTo("""
        192.168.99.28:/rhv-hosted-engine /100g glusterfs defaults,_netdev,backup-volfile-servers=192.168.99.29:192.168.99.30 0 0
        192.168.99.28:/rhv-virtual-machines /1t glusterfs defaults,_netdev,backup-volfile-servers=192.168.99.29:192.168.99.30 0 0
        """);
    assertThat(http.get("/api/v1/pools/gluster-rhv/volumes/rhv-hosted-engine/fstab", "text/plain").body())
        .startsWith("192.168.99.28:/rhv-hosted-engine /100g glusterfs");
  }

  @Test
  void storageClassIsWhatTheInTreeProvisionerReads() {
    Response answer = http.get("/api/v1/pools/gluster-ocp/storageclass?namespace=storage", "application/yaml");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    List<JsonNode> docs = new ArrayList<>();
    YAMLMapper.builder().build().readValues(YAMLMapper.builder().build().createParser(answer.body()), JsonNode.class)
        .forEachRemaining(docs::add);
    assertThat(docs).hasSize(2);
    JsonNode sc = docs.get(0);
    assertThat(sc.get("apiVersion").asString()).isEqualTo("storage.k8s.io/v1");
    assertThat(sc.get("kind").asString()).isEqualTo("StorageClass");
    assertThat(sc.at("/metadata/name").asString()).isEqualTo("gluster-ocp");
    assertThat(sc.get("provisioner").asString()).isEqualTo("kubernetes.io/glusterfs");
    JsonNode parameters = sc.get("parameters");
    Set<String> accepted = Set.of("resturl", "restauthenabled", "restuser", "restuserkey", "secretnamespace",
        "secretname", "clusterid", "volumetype", "gidmin", "gidmax", "volumenameprefix", "volumeoptions", "snapfactor",
        "customepnameprefix");
    parameters.propertyNames().forEach(k -> assertThat(accepted).as("provisioner accepts " + k).contains(k.toLowerCase()));
    parameters.properties().forEach(p -> assertThat(p.getValue().isString()).as(p.getKey() + " is a string").isTrue());
    assertThat(parameters.get("resturl").asString()).isEqualTo("https://tandem.storage.example:8443");
    assertThat(parameters.get("restauthenabled").asString()).isEqualToIgnoringCase("true");
    assertThat(parameters.get("clusterid").asString()).isEqualTo("gluster-ocp");
    assertThat(parameters.get("volumetype").asString()).matches("replicate:3|none|disperse:\\d+:\\d+");
    assertThat(parameters.get("secretNamespace").asString()).isEqualTo("storage");
    String secretName = parameters.get("secretName").asString();
    JsonNode secret = docs.get(1);
    assertThat(secret.get("kind").asString()).isEqualTo("Secret");
    assertThat(secret.get("type").asString()).isEqualTo("kubernetes.io/glusterfs");
    assertThat(secret.at("/metadata/name").asString()).isEqualTo(secretName);
    assertThat(secret.at("/metadata/namespace").asString()).isEqualTo("storage");
    assertThat(secret.has("data") || secret.has("stringData")).as("no key until a credential is issued").isFalse();
    assertThat(http.get("/api/v1/pools/gluster-ocp/storageclass?namespace=Bad_NS", "application/yaml").status())
        .isEqualTo(400);
  }

  @Test
  void topologyRendersTheRunbooksTopologyFile() {
    JsonNode expected = Transcripts.load("topology-2clusters.json");
    JsonNode rendered = http.get("/api/v1/topology").json();
    // pools render in name order (gluster-ocp first); the runbook's file lists gluster-rhv first
    JsonNode rhvFirst = TestHttp.parse("{\"clusters\":[" + rendered.at("/clusters/1") + "," + rendered.at("/clusters/0") + "]}");
    assertThat(rhvFirst).isEqualTo(expected);
    assertThat(http.get("/api/v1/pools/gluster-ocp/topology").json().get("clusters")).hasSize(1);
  }

  @Test
  void volumeRequestsAreRefusedClearlyAndBeforeHeketiWhenTheyCanBe() {
    Response unbound = createVolume("gluster-ocp", "{\"name\":\"v1\",\"sizeGiB\":1}");
    assertThat(unbound.status()).isEqualTo(409);
    assertThat(unbound.json().get("detail").asString()).contains("not bound");
    assertThat(unbound.json().at("/errors/0/fix").asString()).contains("POST /api/v1/pools/gluster-ocp/reconcile");
    assertThat(createVolume("nope", "{\"name\":\"v1\",\"sizeGiB\":1}").status()).isEqualTo(404);

    reconcile();
    assertThat(createVolume("gluster-ocp", "{\"name\":\"v1\",\"sizeGiB\":1}").status()).isEqualTo(201);
    int posts = HEKETI.volumeRequests().size();
    Response duplicate = createVolume("gluster-ocp", "{\"name\":\"v1\",\"sizeGiB\":1}");
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(HEKETI.volumeRequests()).hasSize(posts);

    Response bad = createVolume("gluster-ocp", "{\"name\":\"bad name!\",\"sizeGiB\":0,\"options\":[\"a; rm -rf /\"]}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.isProblem()).isTrue();
    assertThat(bad.json().get("errors").valueStream().map(e -> e.get("field").asString()))
        .contains("name", "sizeGiB", "options[0]");

    Response full = createVolume("gluster-ocp", "{\"name\":\"huge\",\"sizeGiB\":100000}");
    assertThat(full.status()).isEqualTo(502);
    assertThat(full.json().get("upstreamStatus").asInt()).isEqualTo(500);
    assertThat(full.json().get("upstreamMessage").asString()).isEqualTo("Failed to allocate new volume: No space");
    assertThat(http.get("/api/v1/pools/gluster-ocp/volumes/huge").status()).isEqualTo(404);
  }

  @Test
  void listsVolumesIncludingThoseMadeOutsideTandem() {
    String ocp = clusterOf(reconcile(), "gluster-ocp");
    assertThat(createVolume("gluster-ocp", "{\"name\":\"ours\",\"sizeGiB\":2}").status()).isEqualTo(201);
    HEKETI.volumeMadeElsewhere(ocp, "legacy", 5);

    JsonNode list = http.get("/api/v1/pools/gluster-ocp/volumes").json();

    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("name").asString()).isEqualTo("ours");
    assertThat(list.get(0).get("createdBy").asString()).isEqualTo("tandem");
    assertThat(list.get(1).get("name").asString()).isEqualTo("legacy");
    assertThat(list.get(1).get("createdBy").asString()).isEqualTo("discovered");
    assertThat(list.get(1).at("/mount/server").asString()).isEqualTo("192.168.199.28");
    assertThat(http.get("/api/v1/pools/gluster-rhv/volumes").json()).isEmpty();
  }

  @Test
  void operationsAreResourcesExpandAndDeleteIdempotently() {
    reconcile();
    Response accepted = http.post("/api/v1/pools/gluster-ocp/volumes", "{\"name\":\"data\",\"sizeGiB\":10}");
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.location()).startsWith("/api/v1/operations/");
    JsonNode done = http.get(accepted.location() + "?wait=30").json();
    assertThat(done.get("state").asString()).isEqualTo("succeeded");

    Response expanded = http.post("/api/v1/pools/gluster-ocp/volumes/data/expand?wait=30", "{\"addGiB\":5}");
    assertThat(expanded.status()).as(expanded.toString()).isEqualTo(200);
    assertThat(expanded.json().get("sizeGiB").asInt()).isEqualTo(15);

    assertThat(http.send("DELETE", "/api/v1/pools/gluster-ocp/volumes/data?wait=30", null, null, JSON).status())
        .isEqualTo(204);
    assertThat(http.delete("/api/v1/pools/gluster-ocp/volumes/data").status()).isEqualTo(204);
    assertThat(http.get("/api/v1/pools/gluster-ocp/volumes/data").status()).isEqualTo(404);
    assertThat(HEKETI.calls()).filteredOn(c -> c.startsWith("DELETE /volumes/")).hasSize(1);
    assertThat(http.get("/api/v1/operations/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
  }

  @Autowired VolumeService volumeService;
  @Autowired @org.springframework.beans.factory.annotation.Qualifier(OperationLane.BEAN)
  dev.tandem.coordination.ClaimedWork lane;
  @Autowired VolumeRepository volumeRows;
  @Autowired OperationRepository operationRows;
  @Autowired dev.tandem.heketi.HeketiClient heketiClient;
  @Autowired org.springframework.transaction.support.TransactionTemplate tx;

  /**
   * What a replica finds on the lane when another stopped or died (or when it restarts): operations
   * that were running, each carried on from what was persisted.
   */
  @Test
  void operationsRunningAtAStopAreFollowedUpNeverRepeated() {
    String ocp = clusterOf(reconcile(), "gluster-ocp");
    dev.tandem.inventory.PoolLayout layout = volumeService.bindings().layout("gluster-ocp");

    // A: Heketi had accepted the create and Tandem had stored its queue path.
    VolumeEntity a = volumeRow("accepted");
    String queue = heketiClient.start("POST", "/volumes", HeketiVolumeRequests.create(a, layout), "test");
    heketiClient.finish();
    OperationEntity opA = operationRow("accepted", queue);
    // B: Tandem stopped between sending the POST and storing the queue path; Heketi did create it.
    volumeRow("sent");
    HEKETI.volumeMadeElsewhere(ocp, "sent", 1);
    OperationEntity opB = operationRow("sent", null);
    // C: as B, but the POST never reached Heketi: the name is not found, so the create failed.
    volumeRow("lost");
    OperationEntity opC = operationRow("lost", null);
    int posts = HEKETI.volumeRequests().size();

    for (OperationEntity op : List.of(opA, opB, opC)) {
      assertThat(lane.schedule(OperationLane.RUN, op.id)).isTrue();
    }

    assertThat(volumeService.await(opA.id, java.time.Duration.ofSeconds(20)).state()).isEqualTo("succeeded");
    assertThat(volumeService.await(opB.id, java.time.Duration.ofSeconds(20)).state()).isEqualTo("succeeded");
    OperationView c = volumeService.await(opC.id, java.time.Duration.ofSeconds(20));
    assertThat(c.state()).isEqualTo("failed");
    assertThat(c.message()).contains("nothing was created");
    assertThat(HEKETI.volumeRequests()).hasSize(posts);
    assertThat(http.get("/api/v1/pools/gluster-ocp/volumes/accepted").json().get("state").asString()).isEqualTo("ready");
    assertThat(http.get("/api/v1/pools/gluster-ocp/volumes/sent").json().get("heketiId").asString()).hasSize(32);
    assertThat(http.get("/api/v1/pools/gluster-ocp/volumes/lost").json().get("state").asString()).isEqualTo("failed");
    assertThat(http.delete("/api/v1/pools/gluster-ocp/volumes/lost").status()).isEqualTo(204);
  }

  private VolumeEntity volumeRow(String name) {
    VolumeEntity v = new VolumeEntity();
    v.poolName = "gluster-ocp";
    v.name = name;
    v.sizeGib = 1;
    v.durability = "replicate:3";
    v.options = "";
    v.mountPoint = "/mnt/" + name;
    v.state = VolumeEntity.State.CREATING;
    v.createdAt = java.time.OffsetDateTime.now().minusHours(1);
    return tx.execute(status -> volumeRows.save(v));
  }

  private OperationEntity operationRow(String volume, String queue) {
    OperationEntity op = new OperationEntity();
    op.id = java.util.UUID.randomUUID().toString();
    op.kind = OperationEntity.Kind.CREATE;
    op.poolName = "gluster-ocp";
    op.volumeName = volume;
    op.state = OperationEntity.State.RUNNING;
    op.queuePath = queue;
    op.createdAt = java.time.OffsetDateTime.now().minusHours(1);
    op.updatedAt = op.createdAt;
    return tx.execute(status -> operationRows.save(op));
  }

  @Test
  void driftNamesWhatHeketiHasThatDiffersFromTheInventoryWithItsRepair() {
    // the hosts on a closed loopback port: their part reports them unreachable and contacts nothing else
    assertThat(http.put("/api/v1/platform", YAML, TestHttp.example().replaceAll("(?m)^    address: 192\\.168\\.99\\.\\d+$",
        "    address: 127.0.0.1\n    sshPort: 1")).status()).isEqualTo(200);
    JsonNode reconciled = reconcile();
    String ocp = clusterOf(reconciled, "gluster-ocp");
    String rhv = clusterOf(reconciled, "gluster-rhv");
    long writes = HEKETI.writes();

    JsonNode clean = drift();
    assertThat(clean.get("heketi").asString()).startsWith("Heketi read");
    // no deploy-heketi ran here: Heketi's configuration is one finding saying it was not checked
    assertThat(clean.get("findings").valueStream().map(f -> f.get("kind").asString()))
        .containsOnly("host", "heketi-config");

    String node3 = HEKETI.clusters().get(ocp).get("nodes").valueStream().map(JsonNode::asString)
        .filter(n -> HEKETI.node(n).at("/hostnames/manage/0").asString().equals("192.168.199.30")).findFirst().orElseThrow();
    HEKETI.deviceRemovedElsewhere(node3, "/dev/sdg");
    String legacy = HEKETI.volumeMadeElsewhere(ocp, "legacy", 1);
    String rhvNode = HEKETI.clusters().get(rhv).get("nodes").get(0).asString();
    HEKETI.stateSetElsewhere(rhvNode, "offline");
    String stray = HEKETI.clusterMadeElsewhere();

    List<String> found = heketiFindings(drift());
    assertThat(found).containsExactlyInAnyOrder(
        "gluster-ocp heketi-device node3:/dev/sdg found none, repair POST /api/v1/reconcile",
        "gluster-ocp heketi-volume " + legacy + " found Heketi volume " + legacy + " has no record in Tandem"
            + " (volumes made through the Heketi-compatible API, e.g. Kubernetes PVs, or with heketi-cli have none),"
            + " repair none needed if it was made through the Heketi-compatible API or with heketi-cli: Tandem never"
            + " deletes it; otherwise delete it in Heketi by hand if nobody uses it"
            + " (GET /api/v1/pools/gluster-ocp/volumes lists it)",
        "gluster-rhv heketi-node " + member(HEKETI.node(rhvNode).at("/hostnames/manage/0").asString()) + " found offline, repair heketi-cli node enable " + rhvNode + " (POST /nodes/" + rhvNode + "/state)",
        "null heketi-cluster " + stray + " found Heketi cluster " + stray + " is bound to no pool, repair none by Tandem,"
            + " which leaves what it does not know alone: add it to the inventory, or remove it from Heketi");
    assertThat(HEKETI.writes()).as("a drift report writes nothing to Heketi").isEqualTo(writes);

    JsonNode pool = http.get("/api/v1/pools/gluster-ocp/drift").json();
    assertThat(pool.get("pool").asString()).isEqualTo("gluster-ocp");
    assertThat(heketiFindings(pool)).hasSize(2).allMatch(f -> f.startsWith("gluster-ocp "));
    Response unknown = http.get("/api/v1/pools/absent/drift");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.isProblem()).isTrue();

    reconcile();
    assertThat(heketiFindings(drift())).noneMatch(f -> f.contains("node3:/dev/sdg"));
  }

  JsonNode drift() {
    Response answer = http.post("/api/v1/drift", "");
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(http.get("/api/v1/drift").json().get("takenAt")).isEqualTo(answer.json().get("takenAt"));
    return answer.json();
  }

  /** The example's gluster-rhv member with this IP, as a finding names it: gluster-rhv-1 is .28. */
  static String member(String ip) {
    return "gluster-rhv-" + (Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1)) - 27) + " (" + ip + ")";
  }

  static List<String> heketiFindings(JsonNode report) {
    // Heketi's own findings; heketi-config is about a host's files
    return report.get("findings").valueStream()
        .filter(f -> f.get("kind").asString().startsWith("heketi-") && !f.get("kind").asString().equals("heketi-config"))
        .map(f -> f.path("pool").asString("null") + " " + f.get("kind").asString() + " " + f.get("object").asString()
            + " found " + f.get("found").asString() + ", repair " + f.get("repair").asString()).toList();
  }

  private List<String> nodeIps(String cluster) {
    Set<String> ips = new TreeSet<>();
    HEKETI.clusters().get(cluster).get("nodes").forEach(n -> {
      JsonNode node = HEKETI.node(n.asString());
      assertThat(node.at("/hostnames/manage/0").asString()).isEqualTo(node.at("/hostnames/storage/0").asString());
      assertThat(node.get("cluster").asString()).isEqualTo(cluster);
      ips.add(node.at("/hostnames/manage/0").asString());
    });
    return List.copyOf(ips);
  }

  private Map<String, Integer> zonesByIp(String cluster) {
    Map<String, Integer> zones = new TreeMap<>();
    HEKETI.clusters().get(cluster).get("nodes").forEach(n -> {
      JsonNode node = HEKETI.node(n.asString());
      zones.put(node.at("/hostnames/manage/0").asString(), node.get("zone").asInt());
    });
    return zones;
  }

  private List<String> devices(String cluster) {
    List<String> names = new ArrayList<>();
    HEKETI.clusters().get(cluster).get("nodes")
        .forEach(n -> HEKETI.node(n.asString()).get("devices").forEach(d -> names.add(d.get("name").asString())));
    return names;
  }
}
