package dev.tandem.proxy;

import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.TestPostgres;
import dev.tandem.TestReplica;
import dev.tandem.heketi.FakeHeketi;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Heketi-compatible queue on two replicas of one PostgreSQL schema, with the Heketi stand-in
 * (which answers a finished queue entry once): polls of one entry through both replicas all get its
 * first final answer, Heketi's queue asked for it once; an entry nobody polls is followed to its end by
 * the replicas that remain after the one that started it is gone, each poll of Heketi made once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyQueueAcrossReplicasOnPostgresTests {

  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();

  String database;
  Map<String, String> settings;
  TestReplica a;
  TestReplica b;
  String ocpSecret;

  @BeforeAll
  void twoReplicas() {
    database = TestPostgres.freshSchemaUrl();
    settings = Map.of(
        "tandem.heketi.url", HEKETI.url(),
        "tandem.heketi.admin-key", FakeHeketi.ADMIN_KEY,
        "tandem.heketi.poll-interval", "20ms",
        "tandem.proxy.follow-after", "1s");
    a = TestReplica.start("replica-a", database, settings);
    b = TestReplica.start("replica-b", database, settings);
    TestHttp admin = a.http();
    assertThat(admin.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
    assertThat(admin.post("/api/v1/reconcile", "").status()).isEqualTo(200);
    ocpSecret = admin.post("/api/v1/clients", "{\"name\":\"ocp\",\"role\":\"pool\",\"pools\":[\"gluster-ocp\"]}")
        .json().get("secret").asString();
  }

  @AfterAll
  void stop() {
    b.close();
    a.close();
    HEKETI.shutdown();
  }

  GoLikeHeketiClient cli(TestReplica replica) {
    return new GoLikeHeketiClient("http://127.0.0.1:" + replica.port(), "ocp", ocpSecret, 0.01);
  }

  @Test
  void overlappingPollsThroughTwoReplicasBothGetTheFirstFinalAnswerHeketiGivesOnce() throws Exception {
    GoLikeHeketiClient viaA = cli(a);
    GoLikeHeketiClient viaB = cli(b);
    String queue = viaA.initiate("POST", "/volumes", HeketiCompatibleApiTests.CLI_CREATE).headers()
        .firstValue("Location").orElseThrow();
    assertThat(viaB.send("GET", queue, null, viaB.token("GET", queue)).headers().firstValue("X-Pending"))
        .hasValue("true");
    HEKETI.delayTerminalAnswers(1500);
    ExecutorService polls = Executors.newFixedThreadPool(2);
    try {
      Future<HttpResponse<String>> slow = polls.submit(() -> viaA.send("GET", queue, null, viaA.token("GET", queue)));
      // Heketi has handed its one final answer to the poll through A, which has not stored it yet
      ProxyQueueContract.waitUntil(Duration.ofSeconds(5), () -> queuePolls(queue) == 2);
      Future<HttpResponse<String>> late = polls.submit(() -> viaB.send("GET", queue, null, viaB.token("GET", queue)));

      for (HttpResponse<String> answer : List.of(late.get(30, TimeUnit.SECONDS), slow.get(30, TimeUnit.SECONDS))) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location").orElseThrow()).matches("/volumes/[0-9a-f]{32}");
      }
    } finally {
      polls.shutdownNow();
      HEKETI.delayTerminalAnswers(0);
    }
    assertThat(queuePolls(queue)).as("Heketi's queue asked: once pending, once for the final answer").isEqualTo(2);
  }

  @Test
  void anEntryNobodyPollsIsFollowedToItsEndAfterItsReplicaIsGoneEachHeketiPollMadeOnce() {
    TestReplica c = TestReplica.start("replica-c", database, settings);
    String queue;
    try {
      GoLikeHeketiClient viaC = cli(c);
      queue = viaC.initiate("POST", "/volumes", HeketiCompatibleApiTests.CLI_CREATE).headers()
          .firstValue("Location").orElseThrow(); // and never polled
    } finally {
      c.close();
    }
    JdbcTemplate jdbc = a.bean(JdbcTemplate.class);
    String id = queue.substring("/queue/".length());
    ProxyQueueContract.waitUntil(Duration.ofSeconds(20), () -> jdbc.queryForObject(
        "select count(*) from proxy_operation where queue_id = ? and final_status is not null", Integer.class, id) == 1);
    // a few more rounds of both followers: nobody asks Heketi about it again
    ProxyQueueContract.sleep(1500);
    assertThat(queuePolls(queue)).as("Heketi's queue asked: once pending, once for the final answer").isEqualTo(2);
    HttpResponse<String> late = cli(b).send("GET", queue, null, cli(b).token("GET", queue));
    assertThat(late.statusCode()).as(late.body()).isEqualTo(303);
  }

  private long queuePolls(String queue) {
    return HEKETI.calls().stream().filter(c -> c.equals("GET " + queue)).count();
  }
}
