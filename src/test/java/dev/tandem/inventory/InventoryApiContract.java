package dev.tandem.inventory;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import dev.tandem.inventory.persistence.InventoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The inventory API against a real database: every database Tandem supports runs this same suite
 * (H2 and PostgreSQL), migrations included.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class InventoryApiContract {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired TransactionTemplate transactions;
  @Autowired HostKeyStore hostKeys;
  @Autowired PlatformService platform;
  @Autowired InventoryStore store;
  @Autowired HeketiBindings bindings;
  TestHttp http;

  @BeforeEach
  void emptyInventory() {
    http = new TestHttp(port);
    Response reset = http.put("/api/v1/platform?cascade=true", JSON, "{}");
    assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
  }

  Response applyExample() {
    Response applied = http.put("/api/v1/platform", YAML, TestHttp.example());
    assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
    return applied;
  }

  String export() {
    return http.get("/api/v1/platform").body();
  }

  @Test
  void aWriteOfAnotherReplicaIsSeenByTheNextRead() {
    applyExample();
    assertThat(http.get("/api/v1/pools").json()).hasSize(2);   // read, and kept with its revision

    // another replica writes the same tables (its own PlatformService, not this one's)
    PlatformSpec current = platform.export();
    PlatformSpec withoutRhv = new PlatformSpec(current.hosts(),
        current.pools().stream().filter(p -> !p.name().equals("gluster-rhv")).toList(), current.heketi());
    transactions.executeWithoutResult(status -> {
      store.lock();
      store.write(withoutRhv);
    });

    assertThat(http.get("/api/v1/pools").json()).hasSize(1);
    assertThat(http.get("/api/v1/pools/gluster-rhv").status()).isEqualTo(404);
  }

  @Test
  void aBindingOrADeletedPoolIsSeenByTheNextReadOfTheKeptBindings() {
    applyExample();
    assertThat(bindings.clusterIds()).containsEntry("gluster-ocp", List.of());   // read, and kept

    bindings.bindCluster("gluster-ocp", "0123456789abcdef0123456789abcdef");
    assertThat(bindings.clusterIds()).containsEntry("gluster-ocp", List.of("0123456789abcdef0123456789abcdef"));

    http.put("/api/v1/platform?cascade=true", JSON, "{}");
    assertThat(bindings.clusterIds()).isEmpty();
  }

  @Test
  void appliesTheRunbookPlatform() {
    JsonNode result = applyExample().json();

    assertThat(result.at("/summary/created").asInt()).isEqualTo(56);
    List<String> pools = new ArrayList<>();
    http.get("/api/v1/pools").json().forEach(p -> pools.add(p.get("name").asString()));
    assertThat(pools).containsExactly("gluster-ocp", "gluster-rhv");
    JsonNode ocp = http.get("/api/v1/pools/gluster-ocp").json();
    assertThat(ocp.get("interface").asString()).isEqualTo("eth1.199");
    assertThat(ocp.get("members")).hasSize(3);
    assertThat(ocp.get("devices")).hasSize(15);
    assertThat(http.get("/api/v1/hosts/node1/interfaces/eth1.199").json().get("vlanId").asInt()).isEqualTo(199);
  }

  @Test
  void refusesADeviceThatBelongsToAnotherPoolAndNamesThatPool() {
    applyExample();
    String before = export();

    Response refused = http.post("/api/v1/pools/gluster-ocp/devices", "{\"host\":\"node1\",\"device\":\"/dev/sdb\"}");

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.isProblem()).isTrue();
    assertThat(refused.json().get("detail").asString()).contains("gluster-rhv");
    assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("device");
    assertThat(refused.json().at("/errors/0/fix").asString()).contains("DELETE /api/v1/pools/gluster-rhv/devices/node1/sdb");
    assertThat(export()).isEqualTo(before);
  }

  @Test
  void exportThenApplyChangesNothingInJsonAndYaml() {
    applyExample();
    String json = export();
    String yaml = http.get("/api/v1/platform", YAML).body();
    long revision = http.put("/api/v1/platform?dryRun=true", JSON, json).json().get("revision").asLong();

    for (Response again : List.of(http.put("/api/v1/platform", JSON, json), http.put("/api/v1/platform", YAML, yaml))) {
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().get("changes")).isEmpty();
      assertThat(again.json().get("revision").asLong()).isEqualTo(revision);
    }
    assertThat(yaml).contains("name: gluster-ocp").doesNotContain("{\"");
  }

  @Test
  void dryRunAnswersTheDiffAndChangesNothing() {
    applyExample();
    String before = export();
    String moved = TestHttp.example().replace("ip: 192.168.199.30", "ip: 192.168.199.31")
        .replace("      - {host: node3, device: /dev/sdg}\n", "");

    Response diff = http.put("/api/v1/platform?dryRun=true", YAML, moved);

    assertThat(diff.status()).isEqualTo(200);
    assertThat(diff.json().get("dryRun").asBoolean()).isTrue();
    assertThat(diff.json().get("changes")).hasSize(2);
    JsonNode update = diff.json().at("/changes/0");
    assertThat(update.get("action").asString()).isEqualTo("update");
    assertThat(update.get("kind").asString()).isEqualTo("member");
    assertThat(update.get("name").asString()).isEqualTo("gluster-ocp/node3");
    assertThat(update.at("/fields/ip/from").asString()).isEqualTo("192.168.199.30");
    assertThat(update.at("/fields/ip/to").asString()).isEqualTo("192.168.199.31");
    assertThat(diff.json().at("/changes/1/action").asString()).isEqualTo("delete");
    assertThat(diff.json().at("/changes/1/name").asString()).isEqualTo("gluster-ocp/node3:/dev/sdg");
    assertThat(export()).isEqualTo(before);

    Response applied = http.put("/api/v1/platform", YAML, moved);
    assertThat(applied.json().get("changes")).isEqualTo(diff.json().get("changes"));
    assertThat(http.get("/api/v1/pools/gluster-ocp/members/node3").json().get("ip").asString())
        .isEqualTo("192.168.199.31");
  }

  @Test
  void applyIsAllOrNothing() {
    String oneBadMember = TestHttp.example().replace("ip: 192.168.99.30", "ip: 10.9.9.9");

    Response refused = http.put("/api/v1/platform", YAML, oneBadMember);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("pools[0].members[2].ip");
    assertThat(refused.json().at("/errors/0/message").asString()).contains("outside subnet 192.168.99.0/24");
    assertThat(http.get("/api/v1/hosts").json()).isEmpty();
  }

  @Test
  void applyDeletesWhatTheSpecLeavesOutAndKeepsTheRest() {
    applyExample();
    String withoutRhv = TestHttp.example().replaceAll("(?s)  - name: gluster-rhv.*?(?=  - name: gluster-ocp)", "");

    Response applied = http.put("/api/v1/platform", YAML, withoutRhv);

    assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
    assertThat(applied.json().at("/summary/deleted").asInt()).isEqualTo(1 + 3 + 3);
    assertThat(http.get("/api/v1/pools/gluster-rhv").status()).isEqualTo(404);
    assertThat(http.get("/api/v1/hosts/node1/devices/sdb").status()).isEqualTo(200);
    Response reassigned = http.post("/api/v1/pools/gluster-ocp/devices", "{\"host\":\"node1\",\"device\":\"/dev/sdb\"}");
    assertThat(reassigned.status()).isEqualTo(201);
    assertThat(reassigned.location()).isEqualTo("/api/v1/pools/gluster-ocp/devices/node1/sdb");
  }

  @Test
  void buildsAPlatformPieceByPieceThroughCrud() {
    for (int n = 1; n <= 3; n++) {
      Response host = http.post("/api/v1/hosts", "{\"name\":\"n" + n + "\",\"address\":\"198.51.100." + n + "\","
          + "\"interfaces\":[{\"name\":\"eth0\",\"address\":\"198.51.100." + n + "/24\"}]}");
      assertThat(host.status()).as(host.toString()).isEqualTo(201);
      assertThat(host.location()).isEqualTo("/api/v1/hosts/n" + n);
      Response vlan = http.post("/api/v1/hosts/n" + n + "/interfaces",
          "{\"name\":\"eth0.42\",\"kind\":\"vlan\",\"parent\":\"eth0\",\"vlanId\":42}");
      assertThat(vlan.status()).as(vlan.toString()).isEqualTo(201);
      assertThat(http.post("/api/v1/hosts/n" + n + "/devices", "{\"path\":\"/dev/vdb\",\"sizeBytes\":1000}").status())
          .isEqualTo(201);
    }
    Response pool = http.post("/api/v1/pools", """
        {"name":"lab","purpose":"containers","subnet":"198.18.0.0/24","interface":"eth0.42",
         "members":[{"host":"n1","container":"lab-1","ip":"198.18.0.11","zone":1},
                    {"host":"n2","container":"lab-2","ip":"198.18.0.12","zone":2},
                    {"host":"n3","container":"lab-3","ip":"198.18.0.13","zone":3}]}""");
    assertThat(pool.status()).as(pool.toString()).isEqualTo(201);
    assertThat(pool.json().get("dockerNetwork").asString()).isEqualTo("lab-net");
    assertThat(pool.json().get("optionProfile").asString()).isEqualTo("containers");
    assertThat(http.post("/api/v1/pools/lab/devices", "{\"host\":\"n2\",\"device\":\"/dev/vdb\"}").status())
        .isEqualTo(201);

    Response member = http.put("/api/v1/pools/lab/members/n3", JSON,
        "{\"host\":\"n3\",\"container\":\"lab-3\",\"ip\":\"198.18.0.23\",\"zone\":3}");
    assertThat(member.status()).as(member.toString()).isEqualTo(200);
    assertThat(member.json().get("ip").asString()).isEqualTo("198.18.0.23");

    assertThat(http.delete("/api/v1/hosts/n2/devices/vdb").status()).isEqualTo(409);
    assertThat(http.delete("/api/v1/pools/lab").status()).isEqualTo(409);
    assertThat(http.delete("/api/v1/pools/lab/members/n2").status()).isEqualTo(409);
    assertThat(http.delete("/api/v1/pools/lab/devices/n2/vdb").status()).isEqualTo(204);
    assertThat(http.delete("/api/v1/pools/lab/devices/n2/vdb").status()).isEqualTo(404);
    assertThat(http.delete("/api/v1/hosts/n2/devices/vdb").status()).isEqualTo(204);
    assertThat(http.delete("/api/v1/hosts/n1/interfaces/eth0").status()).isEqualTo(409);
    assertThat(http.delete("/api/v1/hosts/n1").status()).isEqualTo(409);
    Response cascaded = http.delete("/api/v1/pools/lab?cascade=true");
    assertThat(cascaded.status()).isEqualTo(200);
    assertThat(cascaded.json().get("removed").get("members").asInt()).isPositive();
    assertThat(http.delete("/api/v1/hosts/n1").status()).isEqualTo(204);
    assertThat(http.get("/api/v1/hosts").json()).hasSize(2);
  }

  @Test
  void namesThatNameNothingAre404Problems() {
    applyExample();
    for (String path : List.of("/api/v1/hosts/nodeX", "/api/v1/pools/nope", "/api/v1/pools/gluster-ocp/members/node9",
        "/api/v1/hosts/node1/devices/sdz", "/api/v1/hosts/node1/interfaces/eth9")) {
      Response missing = http.get(path);
      assertThat(missing.status()).as(path).isEqualTo(404);
      assertThat(missing.isProblem()).isTrue();
    }
    assertThat(http.post("/api/v1/pools/nope/members", "{\"host\":\"node1\",\"container\":\"c\",\"ip\":\"10.0.0.1\"}")
        .status()).isEqualTo(404);
  }

  @Test
  void aSpecThatBreaksARuleIsRefusedWithoutWaitingForThePlatformsLock() throws Exception {
    applyExample();
    String before = export();
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> writer = pool.submit(() -> transactions.executeWithoutResult(status -> {
        store.lock();   // another write in progress
        locked.countDown();
        await(release);
      }));
      assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
      Future<Response> refused = pool.submit(() ->
          http.put("/api/v1/platform", YAML, TestHttp.example().replace("name: gluster-ocp", "name: Gluster_OCP")));
      Response answer = refused.get(5, TimeUnit.SECONDS);
      assertThat(answer.status()).as(answer.toString()).isBetween(400, 422);
      assertThat(answer.isProblem()).isTrue();
      release.countDown();
      writer.get(10, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertThat(export()).isEqualTo(before);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void platformRulesAnswer422NamingTheCallersField() {
    applyExample();
    String before = export();

    Response outside = http.put("/api/v1/pools/gluster-ocp/members/node3", JSON,
        "{\"host\":\"node3\",\"container\":\"gluster-ocp-3\",\"ip\":\"192.168.99.77\",\"zone\":3}");
    assertThat(outside.status()).isEqualTo(422);
    assertThat(outside.json().at("/errors/0/field").asString()).isEqualTo("ip");

    Response twice = http.put("/api/v1/pools/gluster-ocp/members/node3", JSON,
        "{\"host\":\"node3\",\"container\":\"gluster-ocp-3\",\"ip\":\"192.168.199.29\",\"zone\":3}");
    assertThat(twice.status()).isEqualTo(422);
    assertThat(twice.json().toString()).contains("already the address of container gluster-ocp-2");

    Response shim = http.put("/api/v1/pools/gluster-ocp/members/node3", JSON,
        "{\"host\":\"node3\",\"container\":\"gluster-ocp-3\",\"ip\":\"192.168.199.228\",\"zone\":3}");
    assertThat(shim.status()).isEqualTo(422);
    assertThat(shim.json().toString()).contains("host shim macvlan1 of node1");

    Response overlap = http.post("/api/v1/pools", "{\"name\":\"third\",\"subnet\":\"192.168.0.0/16\",\"interface\":\"eth1\"}");
    assertThat(overlap.status()).isEqualTo(422);
    assertThat(overlap.json().toString()).contains("overlaps 192.168.199.0/24 of pool gluster-ocp");

    Response vlanTwice = http.post("/api/v1/hosts/node1/interfaces",
        "{\"name\":\"vlan199b\",\"kind\":\"vlan\",\"parent\":\"eth1\",\"vlanId\":199}");
    assertThat(vlanTwice.status()).isEqualTo(422);
    assertThat(vlanTwice.json().at("/errors/0/field").asString()).isEqualTo("vlanId");

    Response vlanRange = http.post("/api/v1/hosts/node1/interfaces",
        "{\"name\":\"eth1.5000\",\"kind\":\"vlan\",\"parent\":\"eth1\",\"vlanId\":5000}");
    assertThat(vlanRange.status()).isEqualTo(400);
    assertThat(vlanRange.json().at("/errors/0/field").asString()).isEqualTo("vlanId");

    Response orphanVlan = http.post("/api/v1/hosts/node1/interfaces",
        "{\"name\":\"eth7.10\",\"kind\":\"vlan\",\"parent\":\"eth7\",\"vlanId\":10}");
    assertThat(orphanVlan.status()).isEqualTo(400);
    assertThat(orphanVlan.json().at("/errors/0/field").asString()).isEqualTo("parent");

    Response sameParent = http.post("/api/v1/pools", """
        {"name":"third","subnet":"198.18.0.0/24","interface":"eth1.199","durability":"none",
         "members":[{"host":"node1","container":"third-1","ip":"198.18.0.10"}]}""");
    assertThat(sameParent.status()).isEqualTo(422);
    assertThat(sameParent.json().toString()).contains("one macvlan network per parent interface");
    assertThat(export()).isEqualTo(before);
  }

  @Test
  void replicaThreeNeedsThreeZonesUnlessOverridden() {
    applyExample();
    String pool = """
        {"name":"small","subnet":"198.18.0.0/24","interface":"eth1.300",%s
         "members":[{"host":"node1","container":"small-1","ip":"198.18.0.10","zone":1},
                    {"host":"node2","container":"small-2","ip":"198.18.0.11","zone":1}]}""";
    for (String host : List.of("node1", "node2")) {
      http.post("/api/v1/hosts/" + host + "/interfaces", "{\"name\":\"eth1.300\",\"kind\":\"vlan\",\"parent\":\"eth1\",\"vlanId\":300}");
    }

    Response refused = http.post("/api/v1/pools", pool.formatted(""));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("durability");
    assertThat(refused.json().at("/errors/0/message").asString()).contains("needs 3 members in distinct zones");

    assertThat(http.post("/api/v1/pools", pool.formatted("\"allowDegradedDurability\":true,")).status()).isEqualTo(201);
  }

  @Test
  void concurrentAssignmentsOfOneDeviceHaveExactlyOneWinner() throws Exception {
    applyExample();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 5; round++) {
        assertThat(http.delete("/api/v1/pools/gluster-ocp/devices/node2/sdc").status()).isIn(204, 404);
        assertThat(http.delete("/api/v1/pools/gluster-rhv/devices/node2/sdc").status()).isIn(204, 404);
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Response>> answers = new ArrayList<>();
        for (String pool : List.of("gluster-rhv", "gluster-ocp")) {
          answers.add(threads.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return http.post("/api/v1/pools/" + pool + "/devices", "{\"host\":\"node2\",\"device\":\"/dev/sdc\"}");
          }));
        }
        Response a = answers.get(0).get(30, TimeUnit.SECONDS);
        Response b = answers.get(1).get(30, TimeUnit.SECONDS);
        assertThat(List.of(a.status(), b.status())).containsExactlyInAnyOrder(201, 409);
        String winner = a.status() == 201 ? "gluster-rhv" : "gluster-ocp";
        Response loser = a.status() == 201 ? b : a;
        assertThat(loser.isProblem()).isTrue();
        assertThat(loser.json().get("detail").asString()).contains(winner);
        assertThat(jdbc.queryForObject("select count(*) from device_assignment a join device d on d.id = a.device_id"
            + " join host h on h.id = d.host_id where h.name = 'node2' and d.path = '/dev/sdc'", Integer.class))
            .isEqualTo(1);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /** The guard beneath the lock: two transactions inserting one device into two pools. */
  @Test
  void theDatabaseItselfRefusesADeviceInTwoPools() throws Exception {
    applyExample();
    long device = jdbc.queryForObject("select d.id from device d join host h on h.id = d.host_id"
        + " where h.name = 'node3' and d.path = '/dev/sdg'", Long.class);
    jdbc.update("delete from device_assignment where device_id = ?", device);
    List<Long> pools = jdbc.queryForList("select id from pool order by name", Long.class);
    CountDownLatch firstInserted = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<Boolean> first = threads.submit(() -> transactions.execute(tx -> {
        jdbc.update("insert into device_assignment (pool_id, device_id) values (?, ?)", pools.get(0), device);
        firstInserted.countDown();
        sleep(300);
        return true;
      }));
      Future<Boolean> second = threads.submit(() -> {
        firstInserted.await(10, TimeUnit.SECONDS);
        return transactions.execute(tx -> {
          jdbc.update("insert into device_assignment (pool_id, device_id) values (?, ?)", pools.get(1), device);
          return true;
        });
      });
      assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> second.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(DataIntegrityViolationException.class);
    } finally {
      threads.shutdownNow();
    }
    assertThat(jdbc.queryForObject("select count(*) from device_assignment where device_id = ?", Integer.class, device))
        .isEqualTo(1);
  }

  @Test
  void hostileAndMalformedBodiesGetProblemsAndChangeNothing() {
    applyExample();
    String before = export();
    List<HostileCorpus.Request> corpus = HostileCorpus.requests();
    List<String> wrong = new ArrayList<>();

    for (HostileCorpus.Request r : corpus) {
      Response answer = http.send(r.method(), r.path(), r.contentType(), r.body(), JSON);
      boolean reachedTandem = !answer.contentType().startsWith("text/html");
      if (answer.status() < 400 || answer.status() >= 500 || (reachedTandem && !answer.isProblem())) {
        wrong.add(r + " -> " + answer.status() + " " + answer.contentType() + " " + answer.body());
      }
    }

    assertThat(corpus).hasSizeGreaterThan(1000);
    assertThat(wrong).as("requests not answered with a 4xx problem").isEmpty();
    assertThat(export()).isEqualTo(before);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aPinnedHostKeyIsForgottenThroughTheApiByAnAdminOnly() {
    applyExample();
    hostKeys.recordHostKey("node1", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAItandemTestHostKey");
    http.delete("/api/v1/clients/key-operator");
    Response client = http.post("/api/v1/clients", "{\"name\":\"key-operator\",\"role\":\"operator\"}");
    assertThat(client.status()).as(client.toString()).isEqualTo(201);
    TestHttp operator = new TestHttp(port, "key-operator", client.json().get("secret").asString());
    assertThat(operator.delete("/api/v1/hosts/node1/host-key").status()).isEqualTo(403);
    assertThat(hostKeys.hostKey("node1")).isPresent();

    assertThat(http.delete("/api/v1/hosts/node1/host-key").status()).isEqualTo(204);
    assertThat(hostKeys.hostKey("node1")).isEmpty();
    assertThat(http.delete("/api/v1/hosts/node1/host-key").status()).as("nothing pinned any more").isEqualTo(204);
    Response unknown = http.delete("/api/v1/hosts/nope/host-key");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.isProblem()).as(unknown.toString()).isTrue();
    assertThat(http.get("/api/v1/audit?method=DELETE&limit=50").body()).contains("/api/v1/hosts/node1/host-key");
  }
}
