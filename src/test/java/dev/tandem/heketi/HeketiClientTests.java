package dev.tandem.heketi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tandem.heketi.HeketiModel.DeviceAddRequest;
import dev.tandem.heketi.HeketiModel.DurabilityInfo;
import dev.tandem.heketi.HeketiModel.Replicate;
import dev.tandem.heketi.HeketiModel.Snapshot;
import dev.tandem.heketi.HeketiModel.VolumeCreateRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The client against WireMock stubs made of the real server's recorded answers. */
class HeketiClientTests {

  static final String KEY = "admin-secret-key";
  WireMockServer heketi;
  HeketiClient client;

  @BeforeEach
  void start() {
    heketi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    heketi.start();
    client = client(Duration.ofSeconds(5), 2);
  }

  @AfterEach
  void stop() {
    heketi.stop();
  }

  HeketiClient client(Duration deadline, int busyRetries) {
    return client(URI.create(heketi.baseUrl()), deadline, busyRetries);
  }

  static HeketiClient client(URI url, Duration deadline, int busyRetries) {
    return client(url, deadline, Duration.ofMillis(20), busyRetries);
  }

  static HeketiClient client(URI url, Duration deadline, Duration pollInterval, int busyRetries) {
    HeketiProperties properties = new HeketiProperties(url, KEY, "admin",
        Duration.ofSeconds(2), Duration.ofSeconds(5), deadline, pollInterval, busyRetries,
        Duration.ofMillis(50), 8, "test-1");
    return new HeketiClient(properties, new HeketiTokens("admin", KEY, Clock.systemUTC()));
  }

  /** Stubs a recorded async sequence: initiating request, its polls in order, and the 303's target. */
  void stubSequence(String file, String prefix) {
    List<JsonNode> steps = Transcripts.exchanges(file).stream()
        .filter(e -> e.get("name").asString().startsWith(prefix)).toList();
    String state = Scenario.STARTED;
    for (int i = 0; i < steps.size(); i++) {
      JsonNode request = steps.get(i).get("request");
      String next = i + 1 < steps.size() ? "step " + (i + 1) : "done";
      heketi.stubFor(com.github.tomakehurst.wiremock.client.WireMock
          .request(request.get("method").asString(), urlEqualTo(request.get("path").asString()))
          .inScenario(prefix).whenScenarioStateIs(state).willSetStateTo(next)
          .willReturn(Transcripts.response(steps.get(i).get("response"))));
      state = next;
    }
  }

  @Test
  void createsAVolumeThroughTheWholeAsyncSequenceSigningEveryStep() {
    stubSequence("volumes-async.json", "volume create replicate 3 with name/gid/snapshot/clusters");
    VolumeCreateRequest request = new VolumeCreateRequest(10, "vol_app1",
        new DurabilityInfo("replicate", new Replicate(3), null), List.of("b954a72d55de5fc6045e67a50d0cb808"),
        2001L, new Snapshot(true, 1.5), null);

    HeketiModel.VolumeInfo volume = client.createVolume(request);

    assertThat(volume.id()).isEqualTo("5ec98024a01a1b8cb2a045b7a6b6d0c6");
    assertThat(volume.cluster()).isEqualTo("b954a72d55de5fc6045e67a50d0cb808");
    assertThat(volume.mount().glusterfs().options()).containsEntry("backup-volfile-servers", "10.20.0.12,10.20.0.13");
    List<LoggedRequest> sent = heketi.findAll(anyRequestedFor(anyUrl()));
    assertThat(sent).extracting(r -> r.getMethod().getName() + " " + r.getUrl()).containsExactly(
        "POST /volumes", "GET /queue/43631702ae1d1cb6285c3b08650dbad2", "GET /queue/43631702ae1d1cb6285c3b08650dbad2",
        "GET /volumes/5ec98024a01a1b8cb2a045b7a6b6d0c6");
    heketi.verify(postRequestedFor(urlEqualTo("/volumes")).withRequestBody(equalToJson("""
        {"size":10,"name":"vol_app1","durability":{"type":"replicate","replicate":{"replica":3}},
         "clusters":["b954a72d55de5fc6045e67a50d0cb808"],"gid":2001,"snapshot":{"enable":true,"factor":1.5}}""")));
    sent.forEach(HeketiClientTests::assertSignedForItsOwnPath);
    assertThat(sent.stream().map(r -> r.getHeader("Authorization")).distinct()).hasSize(3);
  }

  @Test
  void pollsAFastOperationAgainWithinMillisecondsNotAfterThePollInterval() {
    stubSequence("volumes-async.json", "volume create replicate 3 with name/gid/snapshot/clusters");
    HeketiClient patient = client(URI.create(heketi.baseUrl()), Duration.ofMinutes(1), Duration.ofSeconds(30), 2);
    VolumeCreateRequest request = new VolumeCreateRequest(10, "vol_app1",
        new DurabilityInfo("replicate", new Replicate(3), null), List.of("b954a72d55de5fc6045e67a50d0cb808"),
        2001L, new Snapshot(true, 1.5), null);

    // the recorded operation answers pending once: the second poll comes after the first pause, not 30 s later
    HeketiModel.VolumeInfo volume = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> patient.createVolume(request));

    assertThat(volume.id()).isEqualTo("5ec98024a01a1b8cb2a045b7a6b6d0c6");
  }

  @Test
  void addsNodeAndDeviceThenReadsTheNode() {
    stubSequence("nodes-devices.json", "node add zone 1");
    stubSequence("nodes-devices.json", "device add /dev/sdb on node 1");

    HeketiModel.NodeInfo node = client.addNode(new HeketiModel.NodeAddRequest(1,
        new HeketiModel.Hostnames(List.of("gluster-node-1.example.test"), List.of("10.20.0.11")),
        "b954a72d55de5fc6045e67a50d0cb808", Map.of("rack", "r1", "arbiter", "supported")));
    client.addDevice(new DeviceAddRequest(node.id(), "/dev/sdb", Map.of("disktype", "ssd"), false));

    assertThat(node.id()).isEqualTo("85835ad8e0e7ea473e8b8159c4761e39");
    assertThat(node.hostnames().storage()).containsExactly("10.20.0.11");
    heketi.verify(postRequestedFor(urlEqualTo("/devices")).withRequestBody(equalToJson(
        "{\"node\":\"85835ad8e0e7ea473e8b8159c4761e39\",\"name\":\"/dev/sdb\",\"tags\":{\"disktype\":\"ssd\"},"
            + "\"destroydata\":false}")));
    heketi.findAll(anyRequestedFor(anyUrl())).forEach(HeketiClientTests::assertSignedForItsOwnPath);
  }

  @Test
  void aFailedOperationCarriesHeketisMessage() {
    stubSequence("nodes-devices.json", "device state failed");

    String queue = client.start("POST", "/devices/e8024e7d68d1586932e5b5b6c527337e/state", Map.of("state", "failed"),
        "fail device");
    assertThatThrownBy(() -> client.await(queue, client.deadline(), "fail device"))
        .isInstanceOfSatisfying(HeketiException.class, e -> {
          assertThat(e.upstreamStatus()).isEqualTo(500);
          assertThat(e.upstreamMessage()).isEqualTo("Id not found");
          assertThat(e.getStatusCode().value()).isEqualTo(502);
          assertThat(e.getBody().getProperties()).containsEntry("upstreamMessage", "Id not found");
        });
    client.finish();
  }

  @Test
  void busyIsRetriedForInitiatingRequestsThenSucceeds() {
    heketi.stubFor(post("/volumes").inScenario("busy").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("free")
        .willReturn(Transcripts.response("throttle.json", "concurrent volume create #0")));
    heketi.stubFor(post("/volumes").inScenario("busy").whenScenarioStateIs("free")
        .willReturn(Transcripts.response("throttle.json", "concurrent volume create #4")));
    heketi.stubFor(get("/queue/2751fffa3701df7443a590efc76260ac")
        .willReturn(Transcripts.response("volumes-async.json", "volume delete: poll 2")));

    String queue = client.start("POST", "/volumes", Map.of("size", 1), "create");
    assertThat(client.await(queue, client.deadline(), "create")).isInstanceOf(HeketiPoll.Done.class);
    client.finish();

    heketi.verify(2, postRequestedFor(urlEqualTo("/volumes")));
  }

  @Test
  void busyRetriesAreBoundedAndEndAs503WithHeketisText() {
    heketi.stubFor(post("/volumes").willReturn(Transcripts.response("throttle.json", "concurrent volume create #0")));

    assertThatThrownBy(() -> client.createVolume(new VolumeCreateRequest(1, null, null, null, null, null, null)))
        .isInstanceOfSatisfying(HeketiException.class, e -> {
          assertThat(e.upstreamStatus()).isEqualTo(429);
          assertThat(e.upstreamMessage()).isEqualTo("Server busy. Retry operation later.");
          assertThat(e.getStatusCode().value()).isEqualTo(503);
        });
    heketi.verify(3, postRequestedFor(urlEqualTo("/volumes")));
  }

  @Test
  void heketisRefusalsKeepTheirTextAndStatus() {
    heketi.stubFor(post("/volumes")
        .willReturn(Transcripts.response("errors.json", "volume create unknown cluster id")));
    heketi.stubFor(get("/volumes/0123456789abcdef0123456789abcdef")
        .willReturn(Transcripts.response("errors.json", "volume info unknown id")));
    heketi.stubFor(get("/clusters").willReturn(Transcripts.response("auth.json", "bad signature (admin claims signed with wrong key)")));

    assertThatThrownBy(() -> client.createVolume(new VolumeCreateRequest(1, null, null,
        List.of("0123456789abcdef0123456789abcdef"), null, null, null)))
        .isInstanceOfSatisfying(HeketiException.class, e -> {
          assertThat(e.upstreamStatus()).isEqualTo(400);
          assertThat(e.upstreamMessage()).isEqualTo("Cluster id 0123456789abcdef0123456789abcdef not found");
          assertThat(e.getStatusCode().value()).isEqualTo(422);
        });
    assertThatThrownBy(() -> client.volume("0123456789abcdef0123456789abcdef"))
        .isInstanceOfSatisfying(HeketiException.class, e -> assertThat(e.isNotFound()).isTrue());
    assertThatThrownBy(() -> client.clusters())
        .isInstanceOfSatisfying(HeketiException.class, e -> {
          assertThat(e.upstreamStatus()).isEqualTo(401);
          assertThat(e.upstreamMessage()).startsWith("Invalid JWT token: signature is invalid");
        });
  }

  @Test
  void aPostWhoseAnswerIsLostIsNeverSentAgain() {
    heketi.stubFor(post("/volumes").willReturn(aResponse()
        .withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(() -> client.createVolume(new VolumeCreateRequest(1, "x", null, null, null, null, null)))
        .isInstanceOfSatisfying(HeketiUnavailableException.class,
            e -> assertThat(e.getStatusCode().value()).isEqualTo(503));
    heketi.verify(1, postRequestedFor(urlEqualTo("/volumes")));
  }

  @Test
  void aFailedPollIsNotRetriedBlindly() {
    heketi.stubFor(delete("/volumes/6a11454cd151870ff3755284a7dc0bf0")
        .willReturn(Transcripts.response("volumes-async.json", "volume delete")));
    heketi.stubFor(get("/queue/6c77ee4fa3001ef6b8ba6406e679c8cf").willReturn(
        com.github.tomakehurst.wiremock.client.WireMock.aResponse().withFault(Fault.EMPTY_RESPONSE)));

    assertThatThrownBy(() -> client.deleteVolume("6a11454cd151870ff3755284a7dc0bf0"))
        .isInstanceOf(HeketiUnavailableException.class);
    heketi.verify(1, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
        urlEqualTo("/queue/6c77ee4fa3001ef6b8ba6406e679c8cf")));
  }

  @Test
  void anOperationThatNeverEndsHitsTheDeadline() {
    heketi.stubFor(delete("/volumes/6a11454cd151870ff3755284a7dc0bf0")
        .willReturn(Transcripts.response("volumes-async.json", "volume delete")));
    heketi.stubFor(get("/queue/6c77ee4fa3001ef6b8ba6406e679c8cf")
        .willReturn(Transcripts.response("volumes-async.json", "volume delete: poll 1")));

    assertThatThrownBy(() -> client(Duration.ofMillis(300), 0).deleteVolume("6a11454cd151870ff3755284a7dc0bf0"))
        .isInstanceOf(HeketiUnavailableException.class)
        .hasMessageContaining("still pending");
  }

  @Test
  void unreachableHeketiIsA503SayingSo() {
    String url = heketi.baseUrl();
    heketi.stop();
    assertThatThrownBy(() -> client.clusters())
        .isInstanceOfSatisfying(HeketiUnavailableException.class, e -> {
          assertThat(e.getStatusCode().value()).isEqualTo(503);
          assertThat(e.getBody().getDetail()).contains("unreachable").contains(url);
        });
  }

  @Test
  void aHeketiThatDoesNotAnswerWithinTheReadTimeoutIsA503() {
    heketi.stubFor(get("/clusters").willReturn(aResponse().withStatus(200).withFixedDelay(4_000)
        .withHeader("Content-Type", "application/json").withBody("{\"clusters\":[]}")));
    HeketiProperties properties = new HeketiProperties(URI.create(heketi.baseUrl()), KEY, "admin",
        Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofMillis(20), 0,
        Duration.ofMillis(50), 8, "test-1");
    HeketiClient impatient = new HeketiClient(properties, new HeketiTokens("admin", KEY, Clock.systemUTC()));
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(impatient::clusters)
        .isInstanceOfSatisfying(HeketiUnavailableException.class,
            e -> assertThat(e.getStatusCode().value()).isEqualTo(503)));
  }

  @Test
  void everyRequestCarriesTandemsHopMarker() {
    heketi.stubFor(get("/hello").willReturn(Transcripts.response("clusters.json", "hello")));
    heketi.stubFor(get("/clusters").willReturn(Transcripts.response("clusters.json", "cluster list (empty db)")));

    client.clusters();
    assertThat(client.answersHello(URI.create(heketi.baseUrl()), Duration.ofSeconds(2))).isTrue();

    assertThat(heketi.getAllServeEvents()).hasSize(2).allSatisfy(event ->
        assertThat(event.getRequest().getHeader("Via")).isEqualTo("1.1 tandem-test-1"));
  }

  @Test
  void aHeketiUrlThatAnswers508IsATandemNotAHeketi() {
    heketi.stubFor(get(anyUrl()).willReturn(aResponse()
        .withStatus(508).withBody("Loop detected: this request already passed through Tandem tandem-x\n")));

    assertThatThrownBy(() -> client.clusters())
        .isInstanceOfSatisfying(HeketiLoopException.class, e -> {
          assertThat(e.getStatusCode().value()).isEqualTo(508);
          assertThat(e.getBody().getType()).hasToString("urn:tandem:problem:heketi-loop");
          assertThat(e.getBody().getDetail()).contains("points at a Tandem, not at a Heketi")
              .contains(heketi.baseUrl()).contains("TANDEM_HEKETI_URL");
        });
    assertThat(client.answersHello(URI.create(heketi.baseUrl()), Duration.ofSeconds(2))).isFalse();
  }

  @Test
  void withoutAUrlNothingIsSentAndTheAnswerSaysHowToConfigureHeketi() {
    HeketiClient unconfigured = client(null, Duration.ofSeconds(5), 0);

    assertThat(unconfigured.url()).isNull();
    assertThatThrownBy(unconfigured::clusters)
        .isInstanceOfSatisfying(HeketiNotConfiguredException.class, e -> {
          assertThat(e.getStatusCode().value()).isEqualTo(503);
          assertThat(e.getBody().getType()).hasToString("urn:tandem:problem:heketi-not-configured");
          assertThat(e.getBody().getDetail()).contains("TANDEM_HEKETI_URL").contains("deploy-heketi");
        });
    assertThat(heketi.getAllServeEvents()).isEmpty();
  }

  /** The token's qsh is for this request's own method and path, signed with the admin key. */
  static void assertSignedForItsOwnPath(LoggedRequest request) {
    String header = request.getHeader("Authorization");
    assertThat(header).startsWith("bearer ");
    String[] parts = header.substring("bearer ".length()).split("\\.");
    JsonNode claims = dev.tandem.TestHttp.parse(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    String path = URI.create(request.getUrl()).getRawPath();
    assertThat(claims.get("qsh").asString()).isEqualTo(HeketiTokens.qsh(request.getMethod().getName(), path));
    assertThat(claims.get("iss").asString()).isEqualTo("admin");
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(300);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8));
      assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
