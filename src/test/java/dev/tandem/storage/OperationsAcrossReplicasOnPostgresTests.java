package dev.tandem.storage;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.TestPostgres;
import dev.tandem.TestReplica;
import dev.tandem.heketi.FakeHeketi;
import dev.tandem.heketi.HeketiClient;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.inventory.PoolLayout;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Volume operations on two replicas of one PostgreSQL schema, with the Heketi stand-in: each
 * operation runs once whichever replica got it, and one whose replica died (its claim left behind,
 * heartbeats stopped) is carried on by the other replica from what was persisted, never sent again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsAcrossReplicasOnPostgresTests {

  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();
  static final String POOL = "gluster-ocp";

  TestReplica a;
  TestReplica b;
  String cluster;

  @BeforeAll
  void twoReplicas() {
    String database = TestPostgres.freshSchemaUrl();
    Map<String, String> settings = Map.of(
        "tandem.heketi.url", HEKETI.url(),
        "tandem.heketi.admin-key", FakeHeketi.ADMIN_KEY,
        "tandem.heketi.poll-interval", "20ms",
        "tandem.heketi.operation-deadline", "3s",
        // two replicas with two threads each stay under the stand-in's 8 operations in flight
        "tandem.storage.operation-threads", "2",
        "tandem.storage.resolve-first-retry", "200ms",
        "tandem.storage.resolve-max-retry", "400ms");
    a = TestReplica.start("replica-a", database, settings);
    b = TestReplica.start("replica-b", database, settings);
    TestHttp http = a.http();
    assertThat(http.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
    for (JsonNode pool : http.post("/api/v1/reconcile", "").json().get("pools")) {
      if (pool.get("pool").asString().equals(POOL)) {
        cluster = pool.at("/cluster/id").asString();
      }
    }
    assertThat(cluster).isNotNull();
  }

  @AfterAll
  void stop() {
    b.close();
    a.close();
    HEKETI.shutdown();
  }

  @Test
  void createsSpreadOverTwoReplicasRunOnceEach() {
    int creates = 20;
    List<String> operations = new ArrayList<>();
    for (int i = 0; i < creates; i++) {
      TestHttp.Response accepted = (i % 2 == 0 ? a : b).http().post("/api/v1/pools/" + POOL + "/volumes",
          "{\"name\":\"spread-" + i + "\",\"sizeGiB\":1}");
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      operations.add(accepted.location());
    }
    for (int i = 0; i < creates; i++) {
      JsonNode op = (i % 2 == 0 ? b : a).http().get(operations.get(i) + "?wait=60").json();
      assertThat(op.get("state").asString()).as(op.toString()).isEqualTo("succeeded");
    }
    List<String> sent = HEKETI.volumeRequests().stream().map(r -> r.path("name").asString())
        .filter(name -> name.startsWith("spread-")).toList();
    assertThat(sent).hasSize(creates).doesNotHaveDuplicates();
  }

  @Test
  void anOperationWhoseReplicaDiedAfterStoringTheQueuePathIsFollowedByTheOtherNeverSentAgain() {
    VolumeEntity volume = volumeRow("followed");
    HeketiClient heketi = a.bean(HeketiClient.class);
    String queue = heketi.start("POST", "/volumes", HeketiVolumeRequests.create(volume, layout()), "test");
    heketi.finish();
    OperationEntity op = operationRow(OperationEntity.Kind.CREATE, "followed", queue);
    int posts = HEKETI.volumeRequests().size();

    Instant killed = deadReplicaClaim(op.id);
    JsonNode settled = awaitEnd(op.id);

    assertThat(settled.get("state").asString()).as(settled.toString()).isEqualTo("succeeded");
    assertThat(Duration.between(killed, Instant.now())).as("taken over after the claim died")
        .isLessThan(TestReplica.DEAD_AFTER.plusSeconds(10));
    assertThat(HEKETI.volumeRequests()).as("the create was not sent again").hasSize(posts);
    assertThat(HEKETI.calls()).filteredOn(c -> c.equals("GET " + queue)).hasSize(2);
    JsonNode followed = b.http().get("/api/v1/pools/" + POOL + "/volumes/followed").json();
    assertThat(followed.get("state").asString()).isEqualTo("ready");
    assertThat(followed.get("heketiId").asString()).hasSize(32);
  }

  @Test
  void anOperationWhoseReplicaDiedBeforeStoringTheQueuePathIsSettledByNameNeverSentAgain() {
    volumeRow("sent-then-died");
    String made = HEKETI.volumeMadeElsewhere(cluster, "sent-then-died", 1);
    OperationEntity sent = operationRow(OperationEntity.Kind.CREATE, "sent-then-died", null);
    volumeRow("died-before-sending");
    OperationEntity notSent = operationRow(OperationEntity.Kind.CREATE, "died-before-sending", null);
    int posts = HEKETI.volumeRequests().size();

    deadReplicaClaim(sent.id);
    deadReplicaClaim(notSent.id);

    JsonNode adopted = awaitEnd(sent.id);
    assertThat(adopted.get("state").asString()).as(adopted.toString()).isEqualTo("succeeded");
    assertThat(adopted.get("message").asString()).contains(made);
    JsonNode absent = awaitEnd(notSent.id);
    assertThat(absent.get("state").asString()).as(absent.toString()).isEqualTo("failed");
    assertThat(absent.get("message").asString()).contains("nothing was created");
    assertThat(HEKETI.volumeRequests()).as("neither create was sent again").hasSize(posts);
    assertThat(a.http().get("/api/v1/pools/" + POOL + "/volumes/sent-then-died").json().get("heketiId").asString())
        .isEqualTo(made);
  }

  @Test
  void theOperationQueueIsCountedOnAllReplicas() {
    // what replicas that are all busy leave: operations waiting for a thread, as many as the queue holds
    int queueLength = 64;
    List<String> waiting = new ArrayList<>();
    for (int i = 0; i < queueLength; i++) {
      volumeRow("waiting-" + i);
      OperationEntity op = operationRow(OperationEntity.Kind.CREATE, "waiting-" + i, null);
      waiting.add(op.id);
    }
    JdbcTemplate jdbc = a.bean(JdbcTemplate.class);
    jdbc.update("update storage_operation set state = 'QUEUED' where volume_name like 'waiting-%'");
    try {
      for (TestReplica replica : List.of(a, b)) {
        TestHttp.Response refused = replica.http().post("/api/v1/pools/" + POOL + "/volumes",
            "{\"name\":\"one-too-many\",\"sizeGiB\":1}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:tandem:problem:operations-busy");
      }
    } finally {
      jdbc.update("update storage_operation set state = 'FAILED' where volume_name like 'waiting-%'");
    }
    TestHttp.Response fits = a.http().post("/api/v1/pools/" + POOL + "/volumes",
        "{\"name\":\"fits-again\",\"sizeGiB\":1}");
    assertThat(fits.status()).isEqualTo(202);
    // ended before the next test counts Heketi's creates
    assertThat(a.http().get(fits.location() + "?wait=60").json().get("state").asString()).isEqualTo("succeeded");
  }

  /** What a replica killed while it ran the operation leaves: its claim, whose heartbeats have just stopped. */
  private Instant deadReplicaClaim(String operation) {
    Instant now = Instant.now();
    a.bean(JdbcTemplate.class).update("insert into operation_claim (task_name, task_instance, execution_time,"
        + " picked, picked_by, last_heartbeat, version) values (?, ?, ?, true, 'killed-replica', ?, 1)",
        OperationLane.RUN, operation, java.sql.Timestamp.from(now), java.sql.Timestamp.from(now));
    return now;
  }

  private JsonNode awaitEnd(String operation) {
    return a.http().get("/api/v1/operations/" + operation + "?wait=60").json();
  }

  private PoolLayout layout() {
    return a.bean(HeketiBindings.class).layout(POOL);
  }

  private VolumeEntity volumeRow(String name) {
    VolumeEntity v = new VolumeEntity();
    v.poolName = POOL;
    v.name = name;
    v.sizeGib = 1;
    v.durability = "replicate:3";
    v.options = "";
    v.mountPoint = "/mnt/" + name;
    v.state = VolumeEntity.State.CREATING;
    v.createdAt = OffsetDateTime.now();
    return a.bean(TransactionTemplate.class).execute(status -> a.bean(VolumeRepository.class).save(v));
  }

  private OperationEntity operationRow(OperationEntity.Kind kind, String volume, String queue) {
    OperationEntity op = new OperationEntity();
    op.id = UUID.randomUUID().toString();
    op.kind = kind;
    op.poolName = POOL;
    op.volumeName = volume;
    op.state = OperationEntity.State.RUNNING;
    op.queuePath = queue;
    op.createdAt = OffsetDateTime.now();
    op.updatedAt = op.createdAt;
    return a.bean(TransactionTemplate.class).execute(status -> a.bean(OperationRepository.class).save(op));
  }
}
