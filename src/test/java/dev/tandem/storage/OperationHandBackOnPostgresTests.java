package dev.tandem.storage;

import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.TestPostgres;
import dev.tandem.TestReplica;
import dev.tandem.heketi.FakeHeketi;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A replica stopped (SIGTERM) while it follows a volume operation in Heketi's queue hands it back at
 * once, its queue path stored, instead of holding it for the whole shutdown wait; another replica
 * follows the queue to the end, without sending the create again.
 */
class OperationHandBackOnPostgresTests {

  static final String POOL = "gluster-ocp";
  /** Longer than any wait below: a replica that does not hand back holds the stop this long. */
  static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final FakeHeketi heketi = new FakeHeketi(2048).listen();
  private TestReplica x;
  private TestReplica y;

  @AfterEach
  void stop() {
    for (TestReplica replica : new TestReplica[] {y, x}) {
      if (replica != null) {
        replica.close();
      }
    }
    heketi.shutdown();
  }

  @Test
  void aStoppingReplicaHandsItsFollowedOperationBackAndAnotherFinishesItWithoutSendingItAgain() {
    String database = TestPostgres.freshSchemaUrl();
    Map<String, String> settings = Map.of(
        "tandem.heketi.url", heketi.url(),
        "tandem.heketi.admin-key", FakeHeketi.ADMIN_KEY,
        "tandem.heketi.poll-interval", "50ms",
        "tandem.heketi.operation-deadline", "60s",
        "tandem.coordination.shutdown-wait", SHUTDOWN_WAIT.toSeconds() + "s");
    x = TestReplica.start("replica-x", database, settings);
    TestHttp http = x.http();
    assertThat(http.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
    assertThat(http.post("/api/v1/reconcile", "").status()).isEqualTo(200);
    heketi.pendingPolls(Integer.MAX_VALUE);

    TestHttp.Response accepted = http.post("/api/v1/pools/" + POOL + "/volumes",
        "{\"name\":\"handed-over\",\"sizeGiB\":1}");
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String operation = accepted.location().substring(accepted.location().lastIndexOf('/') + 1);
    JdbcTemplate jdbc = x.bean(JdbcTemplate.class);
    Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> !jdbc.queryForList(
        "select queue_path from storage_operation where id = ? and queue_path is not null", String.class,
        operation).isEmpty());
    y = TestReplica.start("replica-y", database, settings);

    Instant stopping = Instant.now();
    x.close();
    Duration stop = Duration.between(stopping, Instant.now());
    x = null;
    heketi.pendingPolls(1);

    JsonNode ended = y.http().get(accepted.location() + "?wait=60").json();
    assertThat(stop).as("the stop did not wait for the operation").isLessThan(SHUTDOWN_WAIT.dividedBy(3));
    assertThat(ended.get("state").asString()).as(ended.toString()).isEqualTo("succeeded");
    List<String> creates = heketi.volumeRequests().stream().map(r -> r.path("name").asString())
        .filter("handed-over"::equals).toList();
    assertThat(creates).as("the create was sent once").hasSize(1);
    assertThat(y.http().get("/api/v1/pools/" + POOL + "/volumes/handed-over").json().get("state").asString())
        .isEqualTo("ready");
  }
}
