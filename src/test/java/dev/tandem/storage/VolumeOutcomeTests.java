package dev.tandem.storage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import dev.tandem.heketi.Transcripts;
import dev.tandem.inventory.HeketiBindings;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Operations whose outcome Tandem could not observe (a poll reset mid-way, a deadline passed with
 * Heketi still pending, a POST whose answer was lost) become {@code unknown}, block the name, and
 * are settled by reading Heketi. Heketi is WireMock answering with the recorded transcripts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VolumeOutcomeTests {

  static final WireMockServer HEKETI = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  static final String CLUSTER = "b954a72d55de5fc6045e67a50d0cb808";
  static final String RECORDED = "volumes-async.json";
  static final String QUEUE_FORGOTTEN =
      "queue poll again after completion was reported (entry is removed after first final read)";
  static final String APP1 = "5ec98024a01a1b8cb2a045b7a6b6d0c6";
  static final String NONE = "6a11454cd151870ff3755284a7dc0bf0";
  static final Set<String> ENDED = Set.of("succeeded", "failed", "interrupted");

  static {
    HEKETI.start();
  }

  @DynamicPropertySource
  static void heketi(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:outcomes;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    registry.add("tandem.heketi.url", HEKETI::baseUrl);
    registry.add("tandem.heketi.admin-key", () -> "admin-secret-key");
    registry.add("tandem.heketi.poll-interval", () -> "20ms");
    registry.add("tandem.heketi.operation-deadline", () -> "2s");
    registry.add("tandem.storage.operation-threads", () -> "1");
    registry.add("tandem.storage.operation-queue", () -> "1");
    registry.add("tandem.storage.resolve-first-retry", () -> "200ms");
    registry.add("tandem.storage.resolve-max-retry", () -> "400ms");
  }

  @AfterAll
  static void stopHeketi() {
    HEKETI.stop();
  }

  @LocalServerPort int port;
  @Autowired HeketiBindings bindings;
  @Autowired VolumeRepository volumeRows;
  @Autowired OperationRepository operationRows;
  @Autowired TransactionTemplate tx;
  @Autowired OutcomeResolver resolver;
  TestHttp http;

  @BeforeEach
  void boundPoolWithoutVolumes() {
    http = new TestHttp(port);
    HEKETI.resetAll();
    tx.executeWithoutResult(status -> {
      operationRows.deleteAll();
      volumeRows.deleteAll();
    });
    if (bindings.poolNames().isEmpty()) {
      assertThat(http.put("/api/v1/platform", TestHttp.YAML, TestHttp.example()).status()).isEqualTo(200);
      bindings.bindCluster("gluster-ocp", CLUSTER);
    }
  }

  @ParameterizedTest(name = "create, {0}, then {1}")
  @CsvSource({"poll-reset,found", "poll-reset,absent", "deadline,found", "deadline,absent", "post-reset,found",
      "post-reset,absent"})
  void aCreateWhoseOutcomeIsUnknownIsSettledByTheVolumesName(String fault, String outcome) {
    String queue = "/queue/43631702ae1d1cb6285c3b08650dbad2";
    if (fault.equals("post-reset")) {
      HEKETI.stubFor(post("/volumes").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    } else {
      HEKETI.stubFor(post("/volumes").willReturn(
          Transcripts.response(RECORDED, "volume create replicate 3 with name/gid/snapshot/clusters")));
      stubFault(queue, fault, "volume create replicate 3 with name/gid/snapshot/clusters: poll 1");
    }

    boolean lostPost = fault.equals("post-reset") && outcome.equals("absent");
    if (lostPost) {
      HEKETI.stubFor(get("/clusters/" + CLUSTER).willReturn(Transcripts.response("clusters.json", "cluster info (empty cluster)")));
    }
    String operation = http.post("/api/v1/pools/gluster-ocp/volumes", "{\"name\":\"vol_app1\",\"sizeGiB\":10}")
        .location();

    assertThat(awaitState(operation, "unknown").get("message").asString()).contains("outcome unknown");
    if (lostPost) {   // asked at once: the rest of this test may take longer than the deadline on a slow machine
      assertThat(resolver.attempt(operation.substring(operation.lastIndexOf('/') + 1)))
          .as("the POST may have reached Heketi: absent is no answer before Heketi's deadline").isFalse();
    }
    assertOutcomeBeingDetermined("/api/v1/pools/gluster-ocp/volumes/vol_app1");
    Response again = http.post("/api/v1/pools/gluster-ocp/volumes", "{\"name\":\"vol_app1\",\"sizeGiB\":10}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("type").asString()).isEqualTo("urn:tandem:problem:outcome-unknown");

    HEKETI.resetMappings();
    HEKETI.stubFor(get(queue).willReturn(Transcripts.response(RECORDED, QUEUE_FORGOTTEN)));
    stubRecordedVolume(APP1, "volume info");
    stubRecordedVolume("9a034a45d3fa3201fb4b2c86832eafb0", "volume create minimal body {size}: follow See Other");
    HEKETI.stubFor(get("/clusters/" + CLUSTER).willReturn(outcome.equals("found")
        ? Transcripts.response(RECORDED, "cluster info (volumes listed)")
        : Transcripts.response("clusters.json", "cluster info (empty cluster)")));

    JsonNode settled = awaitState(operation, "succeeded", "failed");
    JsonNode volume = http.get("/api/v1/pools/gluster-ocp/volumes/vol_app1").json();
    if (outcome.equals("found")) {
      assertThat(settled.get("state").asString()).isEqualTo("succeeded");
      assertThat(volume.get("state").asString()).isEqualTo("ready");
      assertThat(volume.get("heketiId").asString()).isEqualTo(APP1);
    } else {
      assertThat(settled.get("state").asString()).isEqualTo("failed");
      assertThat(settled.get("message").asString()).contains("nothing was created");
      assertThat(volume.get("state").asString()).isEqualTo("failed");
      assertThat(http.delete("/api/v1/pools/gluster-ocp/volumes/vol_app1").status()).isEqualTo(204);
    }
    HEKETI.verify(1, postRequestedFor(urlEqualTo("/volumes")));
  }

  /** A Heketi URL that leads to a Tandem is refused there at once (508): nothing reached Heketi, so the outcome is known. */
  @Test
  void aCreateRefusedAsALoopFailsAtOnceAndFreesTheName() {
    HEKETI.stubFor(post("/volumes").willReturn(aResponse().withStatus(508)
        .withHeader("Content-Type", "text/plain; charset=utf-8")
        .withBody("Loop detected: this request already passed through Tandem tandem-other, so that Tandem's Heketi"
            + " URL (tandem.heketi.url, or the URL deploy-heketi recorded) points at a Tandem, not at a Heketi;"
            + " set it to Heketi's own URL")));

    String operation = http.post("/api/v1/pools/gluster-ocp/volumes", "{\"name\":\"vol_loop\",\"sizeGiB\":1}")
        .location();

    assertThat(awaitState(operation, "failed").get("message").asString()).contains("points at a Tandem");
    assertThat(http.delete("/api/v1/pools/gluster-ocp/volumes/vol_loop").status()).isEqualTo(204);
  }

  @ParameterizedTest(name = "expand, {0}, then {1}")
  @CsvSource({"poll-reset,grown", "poll-reset,unchanged", "deadline,grown", "deadline,unchanged"})
  void anExpandWhoseOutcomeIsUnknownIsSettledByTheVolumesSize(String fault, String outcome) {
    readyVolume("vol_app1", APP1, 10);
    String queue = "/queue/f826153c5894c9376f41fb8a8d918def";
    HEKETI.stubFor(post("/volumes/" + APP1 + "/expand").willReturn(Transcripts.response(RECORDED, "volume expand")));
    stubFault(queue, fault, "volume expand: poll 1");

    String operation = http.post("/api/v1/pools/gluster-ocp/volumes/vol_app1/expand", "{\"addGiB\":5}").location();

    awaitState(operation, "unknown");
    assertOutcomeBeingDetermined("/api/v1/pools/gluster-ocp/volumes/vol_app1");

    HEKETI.resetMappings();
    HEKETI.stubFor(get(queue).willReturn(Transcripts.response(RECORDED, QUEUE_FORGOTTEN)));
    stubRecordedVolume(APP1, outcome.equals("grown") ? "volume expand: follow See Other" : "volume info");

    JsonNode settled = awaitState(operation, "succeeded", "failed");
    JsonNode volume = http.get("/api/v1/pools/gluster-ocp/volumes/vol_app1").json();
    assertThat(settled.get("state").asString()).isEqualTo(outcome.equals("grown") ? "succeeded" : "failed");
    assertThat(volume.get("sizeGiB").asInt()).isEqualTo(outcome.equals("grown") ? 15 : 10);
    assertThat(volume.get("state").asString()).isEqualTo("ready");
    HEKETI.verify(1, postRequestedFor(urlEqualTo("/volumes/" + APP1 + "/expand")));
  }

  @ParameterizedTest(name = "delete, {0}, then {1}")
  @CsvSource({"poll-reset,still-there", "poll-reset,gone", "deadline,still-there", "deadline,gone"})
  void aDeleteWhoseOutcomeIsUnknownNeverForgetsAVolumeHeketiMayHold(String fault, String outcome) {
    readyVolume("vol_none", NONE, 1);
    String queue = "/queue/6c77ee4fa3001ef6b8ba6406e679c8cf";
    HEKETI.stubFor(request("DELETE", urlEqualTo("/volumes/" + NONE)).willReturn(
        Transcripts.response(RECORDED, "volume delete")));
    stubFault(queue, fault, "volume delete: poll 1");

    String operation = http.delete("/api/v1/pools/gluster-ocp/volumes/vol_none").location();

    awaitState(operation, "unknown");
    assertOutcomeBeingDetermined("/api/v1/pools/gluster-ocp/volumes/vol_none");
    assertThat(http.get("/api/v1/pools/gluster-ocp/volumes/vol_none").json().get("heketiId").asString())
        .isEqualTo(NONE);

    HEKETI.resetMappings();
    HEKETI.stubFor(get(queue).willReturn(Transcripts.response(RECORDED, QUEUE_FORGOTTEN)));
    HEKETI.stubFor(get("/clusters/" + CLUSTER)
        .willReturn(Transcripts.response(RECORDED, "cluster info (volumes listed)")));
    stubRecordedVolume(NONE, outcome.equals("still-there")
        ? "volume create distribute-only (durability none): follow See Other" : "volume info after delete");

    JsonNode settled = awaitState(operation, "succeeded", "failed");
    Response volume = http.get("/api/v1/pools/gluster-ocp/volumes/vol_none");
    if (outcome.equals("still-there")) {
      assertThat(settled.get("state").asString()).isEqualTo("failed");
      assertThat(settled.get("message").asString()).contains("not deleted");
      assertThat(volume.json().get("state").asString()).isEqualTo("ready");
    } else {
      assertThat(settled.get("state").asString()).isEqualTo("succeeded");
      assertThat(volume.status()).isEqualTo(404);
    }
    HEKETI.verify(1, deleteRequestedFor(urlEqualTo("/volumes/" + NONE)));
  }

  /** One thread and one waiting place: the second operation waits as queued, the third is refused. */
  @Test
  void operationsWaitingForAThreadAreQueuedAndBeyondTheQueueRefused() {
    HEKETI.stubFor(post("/volumes").inScenario("two creates").whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("second").willReturn(Transcripts.response(RECORDED,
            "volume create replicate 3 with name/gid/snapshot/clusters").withFixedDelay(5000)));
    HEKETI.stubFor(post("/volumes").inScenario("two creates").whenScenarioStateIs("second")
        .willReturn(Transcripts.response(RECORDED, "volume create minimal body {size}")));
    HEKETI.stubFor(get("/queue/43631702ae1d1cb6285c3b08650dbad2").willReturn(
        Transcripts.response(RECORDED, "volume create replicate 3 with name/gid/snapshot/clusters: poll 2")));
    HEKETI.stubFor(get("/queue/936a6448e7aead9d7d3832684562c149").willReturn(
        Transcripts.response(RECORDED, "volume create minimal body {size}: poll 2")));
    stubRecordedVolume(APP1, "volume info");
    stubRecordedVolume("9a034a45d3fa3201fb4b2c86832eafb0", "volume create minimal body {size}: follow See Other");

    String first = http.post("/api/v1/pools/gluster-ocp/volumes", "{\"name\":\"vol_app1\",\"sizeGiB\":10}").location();
    awaitState(first, "running");
    Response second = http.post("/api/v1/pools/gluster-ocp/volumes", "{\"name\":\"second\",\"sizeGiB\":2}");
    Response third = http.post("/api/v1/pools/gluster-ocp/volumes", "{\"name\":\"third\",\"sizeGiB\":2}");

    assertThat(second.status()).isEqualTo(202);
    assertThat(second.json().get("state").asString()).isEqualTo("queued");
    assertThat(http.get(second.location()).json().get("state").asString()).isEqualTo("queued");
    assertThat(third.status()).as(third.toString()).isEqualTo(503);
    assertThat(third.isProblem()).isTrue();
    assertThat(third.json().get("type").asString()).isEqualTo("urn:tandem:problem:operations-busy");
    assertThat(third.json().get("detail").asString()).contains("tandem.storage.operation-threads=1");
    assertThat(http.get("/api/v1/pools/gluster-ocp/volumes/third").status()).isEqualTo(404);
    assertThat(awaitState(first, "succeeded", "failed").get("state").asString()).isEqualTo("succeeded");
    assertThat(awaitState(second.location(), "succeeded", "failed").get("state").asString()).isEqualTo("succeeded");
  }

  /** The fault that leaves the queue entry's end unseen: a reset connection, or pending past the deadline. */
  private static void stubFault(String queue, String fault, String pendingPoll) {
    HEKETI.stubFor(get(queue).willReturn(fault.equals("poll-reset")
        ? aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)
        : Transcripts.response(RECORDED, pendingPoll)));
  }

  private static void stubRecordedVolume(String id, String exchange) {
    HEKETI.stubFor(get("/volumes/" + id).willReturn(Transcripts.response(RECORDED, exchange)));
  }

  /** While the outcome is unknown, the volume can be neither deleted nor forgotten. */
  private void assertOutcomeBeingDetermined(String volume) {
    int deletes = HEKETI.findAll(deleteRequestedFor(anyUrl())).size();
    Response refused = http.delete(volume);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.isProblem()).isTrue();
    assertThat(refused.json().get("type").asString()).isEqualTo("urn:tandem:problem:outcome-unknown");
    assertThat(refused.json().get("detail").asString()).contains("not known yet");
    assertThat(http.get(volume).status()).isEqualTo(200);
    assertThat(HEKETI.findAll(deleteRequestedFor(anyUrl()))).hasSize(deletes);
  }

  /** Reads the operation (each read may settle it) until it is in one of {@code states} or has ended; 20 s at most. */
  private JsonNode awaitState(String operation, String... states) {
    Instant until = Instant.now().plus(Duration.ofSeconds(20));
    JsonNode op = http.get(operation).json();
    while (!Set.of(states).contains(op.get("state").asString()) && !ENDED.contains(op.get("state").asString())
        && Instant.now().isBefore(until)) {
      sleep();
      op = http.get(operation).json();
    }
    assertThat(op.get("state").asString()).as(op.toString()).isIn((Object[]) states);
    return op;
  }

  private void readyVolume(String name, String heketiId, int sizeGib) {
    VolumeEntity v = new VolumeEntity();
    v.poolName = "gluster-ocp";
    v.name = name;
    v.heketiVolumeId = heketiId;
    v.sizeGib = sizeGib;
    v.durability = "replicate:3";
    v.options = "";
    v.mountPoint = "/mnt/" + name;
    v.state = VolumeEntity.State.READY;
    v.createdAt = OffsetDateTime.now();
    tx.executeWithoutResult(status -> volumeRows.save(v));
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
