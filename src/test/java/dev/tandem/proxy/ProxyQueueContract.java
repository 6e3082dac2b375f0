package dev.tandem.proxy;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tandem.TestHttp;
import dev.tandem.heketi.FakeHeketi;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The queue bookkeeping of the Heketi-compatible API under concurrency, on every database Tandem
 * supports: a pool's share of Heketi's operations holds under a burst, an operation nobody polls is
 * followed to its end by Tandem, overlapping polls of one queue entry all get its final answer, and
 * final answers are deleted after their retention. Every wait is bounded in count and time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProxyQueueContract {

  static final int SHARE = 4;
  static final Duration RETENTION = Duration.ofSeconds(2);

  /** The stand-in and the settings these tests need; each subclass has its own stand-in. */
  static void register(DynamicPropertyRegistry registry, FakeHeketi heketi) {
    registry.add("tandem.heketi.url", heketi::url);
    registry.add("tandem.heketi.admin-key", () -> FakeHeketi.ADMIN_KEY);
    registry.add("tandem.heketi.poll-interval", () -> "20ms");
    registry.add("tandem.proxy.pool-in-flight", () -> Integer.toString(SHARE));
    registry.add("tandem.proxy.pool-borrow", () -> "false");   // each pool's share alone, as these tests count it
    registry.add("tandem.proxy.retry-after", () -> "1s");
    registry.add("tandem.proxy.admission-wait", () -> "1s");
    registry.add("tandem.proxy.follow-after", () -> "1s");
    registry.add("tandem.proxy.answer-retention", () -> RETENTION.toMillis() + "ms");
  }

  /** The subclass's stand-in, which its {@code @DynamicPropertySource} registered. */
  abstract FakeHeketi heketi();

  @AfterAll
  void stopHeketi() {
    heketi().shutdown();
  }

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  String server;
  String ocpSecret;
  String ocpCluster;

  @BeforeEach
  void platform() {
    TestHttp admin = new TestHttp(port);
    server = "http://127.0.0.1:" + port;
    admin.delete("/api/v1/clients/ocp");
    assertThat(admin.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    heketi().reset();
    // an earlier test's abandoned operations hold places until Tandem has followed them to their end
    // (after the reset, their next poll): every test starts with all of Heketi's places free
    waitUntil(Duration.ofSeconds(20), () -> jdbc.queryForObject("select count(*) from heketi_slot", Integer.class) == 0,
        () -> "places still held: " + jdbc.queryForList("select * from heketi_slot"));
    assertThat(admin.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
    for (JsonNode pool : admin.post("/api/v1/reconcile", "").json().get("pools")) {
      if (pool.get("pool").asString().equals("gluster-ocp")) {
        ocpCluster = pool.at("/cluster/id").asString();
      }
    }
    ocpSecret = admin.post("/api/v1/clients", "{\"name\":\"ocp\",\"role\":\"pool\",\"pools\":[\"gluster-ocp\"]}")
        .json().get("secret").asString();
    heketi().resetPeakInFlight();
  }

  GoLikeHeketiClient ocp() {
    return new GoLikeHeketiClient(server, "ocp", ocpSecret, 0.01);
  }

  @Test
  void fiftyConcurrentCreatesNeverHaveMoreThanThePoolsShareInFlightAtHeketi() throws Exception {
    GoLikeHeketiClient cli = ocp();
    int clients = 50;
    CyclicBarrier together = new CyclicBarrier(clients);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Integer>> firstAnswers = new ArrayList<>();
    List<CompletableFuture<String>> volumes = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        CompletableFuture<String> volume = new CompletableFuture<>();
        volumes.add(volume);
        firstAnswers.add(pool.submit(() -> {
          together.await(10, TimeUnit.SECONDS);
          HttpResponse<String> answer = cli.send("POST", "/volumes", HeketiCompatibleApiTests.CLI_CREATE,
              cli.token("POST", "/volumes"));
          int first = answer.statusCode();
          for (int retry = 0; answer.statusCode() == 429 && retry < 600; retry++) {
            Thread.sleep(50);
            answer = cli.send("POST", "/volumes", HeketiCompatibleApiTests.CLI_CREATE, cli.token("POST", "/volumes"));
          }
          volume.complete(cli.poll(answer, 200).get("cluster").asString());
          return first;
        }));
      }
      List<Integer> first = new ArrayList<>();
      for (Future<Integer> answer : firstAnswers) {
        first.add(answer.get(90, TimeUnit.SECONDS));
      }
      assertThat(first).isSubsetOf(202, 429);
      for (CompletableFuture<String> volume : volumes) {
        assertThat(volume.get(1, TimeUnit.SECONDS)).isEqualTo(ocpCluster);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(heketi().volumeRequests()).hasSize(clients);
    assertThat(heketi().peakInFlight()).as("operations pending at Heketi at once").isBetween(1, SHARE);
  }

  @Test
  void operationsNobodyPollsFreeThePoolsShareOnceHeketiHasFinishedThem() {
    GoLikeHeketiClient cli = ocp();
    heketi().pendingPolls(1000);   // in flight while a request waits for a place
    for (int i = 0; i < SHARE; i++) {
      cli.initiate("POST", "/volumes", HeketiCompatibleApiTests.CLI_CREATE); // and never polled
    }
    assertThat(create(cli).statusCode()).isEqualTo(429);
    heketi().pendingPolls(1);   // Heketi finishes them

    HttpResponse<String> accepted = create(cli);
    for (int attempt = 0; accepted.statusCode() == 429 && attempt < 100; attempt++) {
      sleep(200);
      accepted = create(cli);
    }
    assertThat(accepted.statusCode()).as("a create once Tandem has followed the abandoned ones to their end")
        .isEqualTo(202);
    assertThat(heketi().volumeRequests()).hasSize(SHARE + 1);
    cli.poll(accepted, 200);
  }

  @Test
  void aRequestOverTheShareWaitsForAPlaceAndMeanwhileFollowsTheOperationsInFlightToTheirEnd() {
    GoLikeHeketiClient cli = ocp();
    heketi().pendingPolls(3);
    for (int i = 0; i < SHARE; i++) {
      cli.initiate("POST", "/volumes", HeketiCompatibleApiTests.CLI_CREATE); // and never polled
    }

    HttpResponse<String> next = create(cli);

    assertThat(next.statusCode()).as("admitted once an operation in flight ended, not told to retry: "
        + next.body()).isEqualTo(202);
    assertThat(heketi().volumeRequests()).hasSize(SHARE + 1);
    assertThat(heketi().peakInFlight()).as("operations pending at Heketi at once").isLessThanOrEqualTo(SHARE);
    cli.poll(next, 200);
  }

  @Test
  void heketisOwn429IsAnsweredBySendingAgainWhileTheRequestMayWait() throws Exception {
    GoLikeHeketiClient cli = ocp();
    heketi().maxInFlight(1);   // Heketi's limit reached, and Tandem's count not
    heketi().pendingPolls(1000);
    HttpResponse<String> first = cli.initiate("POST", "/volumes", HeketiCompatibleApiTests.CLI_CREATE);
    ExecutorService second = Executors.newSingleThreadExecutor();
    try {
      Future<HttpResponse<String>> refusedByHeketi = second.submit(() -> create(cli));
      waitUntil(Duration.ofSeconds(5), () -> heketi().calls().stream().filter("POST /volumes"::equals).count() >= 2);
      heketi().maxInFlight(2);   // Heketi has a place again, at once (a client's poll of the first takes 400 ms)

      HttpResponse<String> answer = refusedByHeketi.get(30, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).as("sent again, not Heketi's 429: " + answer.body()).isEqualTo(202);
      heketi().pendingPolls(0);
      cli.poll(first, 200);
      cli.poll(answer, 200);
    } finally {
      second.shutdownNow();
      heketi().maxInFlight(8);
    }
  }

  @Test
  void aStartTandemCouldNotRecordGivesItsPlaceBack() {
    GoLikeHeketiClient cli = ocp();
    heketi().pendingPolls(1000);
    heketi().repeatQueueIds(true);   // the second create gets the first one's queue id: its record fails
    try {
      HttpResponse<String> first = create(cli);
      assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
      HttpResponse<String> second = create(cli);

      assertThat(second.statusCode()).as(second.body()).isNotEqualTo(202).isLessThan(500);
      // an earlier test's abandoned operations may still hold places until Tandem has followed them
      // to their end: count only the places without a queue entry and the recorded operation's
      String queue = first.headers().firstValue("Location").orElseThrow();
      assertThat(jdbc.queryForObject("select count(*) from heketi_slot where queue_path is null or queue_path = ?",
          Integer.class, queue)).as("places held: the recorded operation's only").isEqualTo(1);
      heketi().pendingPolls(0);
      cli.poll(first, 200);
    } finally {
      heketi().repeatQueueIds(false);
      heketi().pendingPolls(1);
    }
  }

  @Test
  void twoOverlappingPollsBothGetTheSuccessHeketiAnswersOnlyOnce() throws Exception {
    GoLikeHeketiClient cli = ocp();
    String queue = cli.initiate("POST", "/volumes", HeketiCompatibleApiTests.CLI_CREATE).headers()
        .firstValue("Location").orElseThrow();
    assertThat(cli.send("GET", queue, null, cli.token("GET", queue)).headers().firstValue("X-Pending"))
        .hasValue("true");
    heketi().delayTerminalAnswers(1500);
    ExecutorService polls = Executors.newFixedThreadPool(2);
    try {
      long asked = queuePolls(queue);
      Future<HttpResponse<String>> slow = polls.submit(() -> cli.send("GET", queue, null, cli.token("GET", queue)));
      waitUntil(Duration.ofSeconds(5), () -> queuePolls(queue) > asked); // Heketi has handed its one terminal answer to the first poll
      Future<HttpResponse<String>> late = polls.submit(() -> cli.send("GET", queue, null, cli.token("GET", queue)));

      for (HttpResponse<String> answer : List.of(late.get(30, TimeUnit.SECONDS), slow.get(30, TimeUnit.SECONDS))) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location").orElseThrow()).matches("/volumes/[0-9a-f]{32}");
      }
    } finally {
      polls.shutdownNow();
      heketi().delayTerminalAnswers(0);
    }
  }

  @Test
  void finalAnswersAreDeletedAfterTheirRetention() {
    GoLikeHeketiClient cli = ocp();
    HttpResponse<String> accepted = cli.initiate("POST", "/volumes", HeketiCompatibleApiTests.CLI_CREATE);
    String queue = accepted.headers().firstValue("Location").orElseThrow();
    cli.poll(accepted, 200);
    assertThat(cli.send("GET", queue, null, cli.token("GET", queue)).statusCode())
        .as("kept for a client that polls again").isEqualTo(303);

    waitUntil(RETENTION.multipliedBy(5), () -> jdbc.queryForObject(
        "select count(*) from proxy_operation where queue_id = ?", Integer.class, queue.substring(7)) == 0);
  }

  private HttpResponse<String> create(GoLikeHeketiClient cli) {
    return cli.send("POST", "/volumes", HeketiCompatibleApiTests.CLI_CREATE, cli.token("POST", "/volumes"));
  }

  private long queuePolls(String queue) {
    return heketi().calls().stream().filter(c -> c.equals("GET " + queue)).count();
  }

  static void waitUntil(Duration limit, BooleanSupplier condition) {
    waitUntil(limit, condition, () -> "");
  }

  static void waitUntil(Duration limit, BooleanSupplier condition, Supplier<String> otherwise) {
    for (long i = 0; i < limit.toMillis() / 25 && !condition.getAsBoolean(); i++) {
      sleep(25);
    }
    if (!condition.getAsBoolean()) {
      fail("not reached within " + limit + " " + otherwise.get());
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
