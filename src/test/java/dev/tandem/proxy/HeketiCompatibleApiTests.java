package dev.tandem.proxy;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.RawHttp;
import dev.tandem.TestHttp;
import dev.tandem.heketi.FakeHeketi;
import dev.tandem.provisioning.RollJobRows;
import dev.tandem.heketi.Transcripts;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

/**
 * heketi-cli and the Kubernetes provisioner, played by a client that behaves like Heketi's Go client,
 * against Tandem's Heketi-compatible API in front of a Heketi stand-in built from the transcripts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HeketiCompatibleApiTests {

  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();

  @DynamicPropertySource
  static void heketi(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:proxy;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    registry.add("tandem.heketi.url", HEKETI::url);
    registry.add("tandem.heketi.admin-key", () -> FakeHeketi.ADMIN_KEY);
    registry.add("tandem.heketi.poll-interval", () -> "20ms");
    registry.add("tandem.proxy.pool-in-flight", () -> "1");
    registry.add("tandem.heketi.max-in-flight", () -> "3");
    registry.add("tandem.proxy.retry-after", () -> "3s");
    registry.add("tandem.proxy.admission-wait", () -> "300ms");
  }

  @AfterAll
  static void stop() {
    HEKETI.shutdown();
  }

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired MeterRegistry meters;
  TestHttp admin;
  String server;
  String ocpSecret;
  String rhvSecret;
  String ocpCluster;
  String rhvCluster;

  @BeforeEach
  void platform() {
    admin = new TestHttp(port);
    server = "http://127.0.0.1:" + port;
    admin.delete("/api/v1/clients/ocp");
    admin.delete("/api/v1/clients/rhv");
    assertThat(admin.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    HEKETI.reset();
    assertThat(admin.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
    JsonNode report = admin.post("/api/v1/reconcile", "").json();
    for (JsonNode pool : report.get("pools")) {
      if (pool.get("pool").asString().equals("gluster-ocp")) {
        ocpCluster = pool.at("/cluster/id").asString();
      } else {
        rhvCluster = pool.at("/cluster/id").asString();
      }
    }
    ocpSecret = admin.post("/api/v1/clients", "{\"name\":\"ocp\",\"role\":\"pool\",\"pools\":[\"gluster-ocp\"]}")
        .json().get("secret").asString();
    rhvSecret = admin.post("/api/v1/clients", "{\"name\":\"rhv\",\"role\":\"pool\",\"pools\":[\"gluster-rhv\"]}")
        .json().get("secret").asString();
  }

  GoLikeHeketiClient ocp() {
    return new GoLikeHeketiClient(server, "ocp", ocpSecret, 0.01);
  }

  GoLikeHeketiClient rhv() {
    return new GoLikeHeketiClient(server, "rhv", rhvSecret, 0.01);
  }

  /** What heketi-cli volume create --size 1 --clusters gluster-ocp sends (CLIENT-CONTRACT §1.3). */
  static final String CLI_CREATE = "{\"size\":1,\"clusters\":[\"gluster-ocp\"],\"name\":\"\",\"durability\":"
      + "{\"type\":\"replicate\",\"replicate\":{\"replica\":3},\"disperse\":{}},\"snapshot\":{\"enable\":false,\"factor\":0}}";

  /**
   * The Heketi-compatible paths are answered at the end of their security chain, without Spring MVC:
   * the firewall, the security headers and the request metric's route still apply to them.
   */
  @Test
  void theHeketiPathsKeepTheFirewallTheSecurityHeadersAndTheMetricsRoute() throws InterruptedException {
    GoLikeHeketiClient cli = ocp();
    HttpResponse<String> listed = cli.send("GET", "/clusters", null, cli.token("GET", "/clusters"));
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(listed.headers().firstValue("Cache-Control").orElse("")).contains("no-store");

    long writes = HEKETI.writes();
    String rejected = "/volumes/" + "a".repeat(32) + ";x";
    HttpResponse<String> refused = cli.send("DELETE", rejected, null, cli.token("DELETE", rejected));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(refused.body()).contains("malformed-url");
    assertThat(HEKETI.writes()).as("nothing reached Heketi").isEqualTo(writes);

    String node = "/nodes/" + "b".repeat(32);
    cli.send("GET", node, null, cli.token("GET", node));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (meters.find("http.server.requests").tag("uri", "/nodes/**").timer() == null
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(meters.find("http.server.requests").tag("uri", "/nodes/**").timer()).isNotNull();
    assertThat(meters.find("http.server.requests").tag("uri", "/clusters").timer()).isNotNull();
  }

  /** As Spring MVC answered them before the endpoint: OPTIONS here, and nothing below /hello or /metrics. */
  @Test
  void optionsIsAnsweredByTandemAndNothingLivesBelowHelloOrMetrics() throws Exception {
    int calls = HEKETI.calls().size();
    HttpResponse<String> options = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server + "/volumes"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(options.statusCode()).as("anonymous, and not sent to Heketi").isEqualTo(200);
    assertThat(options.headers().firstValue("Allow")).hasValue("GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS");

    GoLikeHeketiClient cli = new GoLikeHeketiClient(server, "admin", TestHttp.ADMIN_SECRET, 0.01);
    for (String path : List.of("/hello/x", "/metrics/", "/hello/")) {
      HttpResponse<String> below = cli.send("GET", path, null, cli.token("GET", path));
      assertThat(below.statusCode()).as(path).isEqualTo(404);
    }
    List<String> after = HEKETI.calls();
    assertThat(after.subList(calls, after.size()))
        .noneMatch(c -> c.startsWith("OPTIONS") || c.contains("/hello/") || c.contains("/metrics/"));
  }

  @Test
  void whileAPoolIsRolledTheProxyRefusesItsVolumeOperationsWith503AndRetryAfter() {
    GoLikeHeketiClient cli = ocp();
    String id = cli.volumeCreate(CLI_CREATE).get("id").asString();
    int requests = HEKETI.volumeRequests().size();
    String job = RollJobRows.running(jdbc, "gluster-ocp");
    try {
      String expand = "/volumes/" + id + "/expand";
      for (HttpResponse<String> held : List.of(cli.send("POST", "/volumes", CLI_CREATE, cli.token("POST", "/volumes")),
          cli.send("POST", expand, "{\"expand_size\":1}", cli.token("POST", expand)),
          cli.send("DELETE", "/volumes/" + id, null, cli.token("DELETE", "/volumes/" + id)))) {
        assertThat(held.statusCode()).as(held.body()).isEqualTo(503);
        assertThat(held.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(held.body()).startsWith("Pool gluster-ocp takes no new volume operations now: job " + job);
      }
      assertThat(HEKETI.volumeRequests()).as("nothing reached Heketi").hasSize(requests);
      JsonNode other = rhv().volumeCreate(CLI_CREATE.replace("gluster-ocp", "gluster-rhv"));
      assertThat(other.get("cluster").asString()).isEqualTo(rhvCluster);
    } finally {
      RollJobRows.end(jdbc, job);
    }
    assertThat(cli.volumeCreate(CLI_CREATE).get("cluster").asString()).isEqualTo(ocpCluster);
  }

  @Test
  void heketiCliCreatesInspectsExpandsAndDeletesAVolumeByPoolName() {
    GoLikeHeketiClient cli = ocp();

    JsonNode volume = cli.volumeCreate(CLI_CREATE);

    assertThat(volume.get("id").asString()).matches("[0-9a-f]{32}");
    assertThat(volume.get("cluster").asString()).isEqualTo(ocpCluster);
    assertThat(HEKETI.volumeRequests().get(0).get("clusters").valueStream().map(JsonNode::asString))
        .containsExactly(ocpCluster);
    // each step answered as the real server answered it (volumes-async.json)
    JsonNode recorded = Transcripts.exchange("volumes-async.json", "volume create replicate 3 with name/gid/snapshot/clusters").get("response");
    HttpResponse<String> accepted = cli.responses.get(0);
    assertThat(accepted.statusCode()).isEqualTo(recorded.get("status").asInt());
    assertThat(accepted.headers().firstValue("Location").orElseThrow()).matches("/queue/[0-9a-f]{32}");
    assertThat(accepted.body()).isEmpty();
    HttpResponse<String> pending = cli.responses.get(1);
    assertThat(pending.statusCode()).isEqualTo(200);
    assertThat(pending.headers().firstValue("X-Pending")).hasValue("true");
    assertThat(pending.body()).isEmpty();
    HttpResponse<String> seeOther = cli.responses.get(2);
    assertThat(seeOther.statusCode()).isEqualTo(303);
    assertThat(seeOther.headers().firstValue("Location")).hasValue("/volumes/" + volume.get("id").asString());
    assertThat(seeOther.body()).isEqualTo(Transcripts.body(Transcripts.exchange("volumes-async.json",
        "volume expand: poll 2").get("response")).replace("5ec98024a01a1b8cb2a045b7a6b6d0c6", volume.get("id").asString()));

    // what the provisioner does next: the volume's cluster, then each node's storage IP
    JsonNode cluster = cli.get("/clusters/" + volume.get("cluster").asString());
    List<String> ips = new ArrayList<>();
    cluster.get("nodes").forEach(n -> ips.add(cli.get("/nodes/" + n.asString()).at("/hostnames/storage/0").asString()));
    assertThat(ips).containsExactlyInAnyOrder("192.168.199.28", "192.168.199.29", "192.168.199.30");

    assertThat(cli.volumeExpand(volume.get("id").asString(), 2).get("size").asInt()).isEqualTo(3);
    cli.volumeDelete(volume.get("id").asString());
    assertThatThrownBy(() -> cli.volumeDelete(volume.get("id").asString()))
        .isInstanceOfSatisfying(GoLikeHeketiClient.HeketiError.class, e -> {
          assertThat(e.status).isEqualTo(404);
          assertThat(e.getMessage()).isEqualTo("Id not found");
        });
  }

  @Test
  void aProvisionerRequestWithoutClustersIsPinnedToTheClientsPool() {
    String provisioner = "{\"size\":5,\"name\":\"\",\"durability\":{\"type\":\"replicate\",\"replicate\":{\"replica\":3},"
        + "\"disperse\":{}},\"gid\":2001,\"snapshot\":{\"enable\":true,\"factor\":1},\"unknownField\":\"kept\"}";
    ocp().volumeCreate(provisioner);
    JsonNode sent = HEKETI.volumeRequests().get(0);
    assertThat(sent.get("clusters").valueStream().map(JsonNode::asString)).containsExactly(ocpCluster);
    assertThat(sent.get("gid").asInt()).isEqualTo(2001);
    assertThat(sent.get("unknownField").asString()).isEqualTo("kept");

    ocp().volumeCreate(CLI_CREATE.replace("[\"gluster-ocp\"]", "[\"gluster-ocp\",\" gluster-ocp\"]"));
    assertThat(HEKETI.volumeRequests().get(1).get("clusters").valueStream().map(JsonNode::asString))
        .containsExactly(ocpCluster);
  }

  @Test
  void aPoolClientCannotReachAnotherPool() {
    JsonNode rhvVolume = rhv().volumeCreate(CLI_CREATE.replace("gluster-ocp", "gluster-rhv"));
    String rhvNode = HEKETI.clusters().get(rhvCluster).get("nodes").get(0).asString();
    GoLikeHeketiClient cli = ocp();
    int posts = HEKETI.volumeRequests().size();

    assertThatThrownBy(() -> cli.volumeCreate(CLI_CREATE.replace("gluster-ocp", "gluster-rhv")))
        .hasMessage("Client ocp may not use pool gluster-rhv");
    assertThatThrownBy(() -> cli.volumeCreate(CLI_CREATE.replace("gluster-ocp", rhvCluster)))
        .hasMessageContaining("may not use cluster");
    assertThatThrownBy(() -> cli.get("/volumes/" + rhvVolume.get("id").asString())).hasMessageContaining("may not");
    assertThatThrownBy(() -> cli.volumeDelete(rhvVolume.get("id").asString())).hasMessageContaining("may not");
    assertThatThrownBy(() -> cli.volumeExpand(rhvVolume.get("id").asString(), 1)).hasMessageContaining("may not");
    assertThatThrownBy(() -> cli.get("/clusters/" + rhvCluster)).hasMessageContaining("may not");
    assertThatThrownBy(() -> cli.get("/nodes/" + rhvNode)).hasMessageContaining("may not");
    assertThatThrownBy(() -> cli.get("/devices/0123456789abcdef0123456789abcdef"))
        .hasMessage("Administrator access required");
    assertThat(HEKETI.volumeRequests()).hasSize(posts);

    JsonNode own = cli.volumeCreate(CLI_CREATE);
    assertThat(cli.get("/volumes").get("volumes").valueStream().map(JsonNode::asString))
        .containsExactly(own.get("id").asString());
    assertThat(cli.get("/clusters").get("clusters").valueStream().map(JsonNode::asString)).containsExactly(ocpCluster);
    assertThat(rhv().get("/volumes").get("volumes").valueStream().map(JsonNode::asString))
        .containsExactly(rhvVolume.get("id").asString());
  }

  @Test
  void aPathCannotSmuggleAnotherVolumeOrAQuery() {
    JsonNode rhvVolume = rhv().volumeCreate(CLI_CREATE.replace("gluster-ocp", "gluster-rhv"));
    String id = rhvVolume.get("id").asString();
    GoLikeHeketiClient cli = ocp();
    for (String path : List.of("/volumes/" + id + "%3F", "/volumes/" + id + "%23x", "/volumes/" + id + "%20",
        "/volumes/xyz", "/volumes/" + id + "%3Fa=b")) {
      String decoded = java.net.URLDecoder.decode(path, java.nio.charset.StandardCharsets.UTF_8);
      HttpResponse<String> answer = cli.send("DELETE", path, null, cli.token("DELETE", decoded));
      assertThat(answer.statusCode()).as(path).isEqualTo(404);
      assertThat(answer.body()).isEqualTo("Invalid path or request\n");
    }
    assertThat(HEKETI.calls()).noneMatch(c -> c.startsWith("DELETE "));
    assertThat(rhv().get("/volumes/" + id).get("id").asString()).isEqualTo(id);
  }

  /** Input a client controls never reaches Heketi malformed, and never answers 500. */
  @Test
  void hostileInputIsRefusedBeforeHeketiNever500() {
    int before = HEKETI.calls().size();
    String optionInjection = CLI_CREATE.replace("\"clusters\"", "\"glustervolumeoptions\":[\"x $(id>/tmp/p)\"],\"clusters\"");
    HttpResponse<String> injected = ocp().send("POST", "/volumes", optionInjection, ocp().token("POST", "/volumes"));
    assertThat(injected.statusCode()).isEqualTo(400);
    assertThat(injected.body()).startsWith("Invalid volume option \"x $(id>/tmp/p)\"");
    HttpResponse<String> nonString = ocp().send("POST", "/volumes",
        CLI_CREATE.replace("\"clusters\"", "\"glustervolumeoptions\":[{\"a\":1}],\"clusters\""), ocp().token("POST", "/volumes"));
    assertThat(nonString.statusCode()).isEqualTo(400);

    assertThat(RawHttp.get(port, "/hello?a=%zz", Duration.ofSeconds(5)).status()).isEqualTo(400);
    RawHttp.Answer oddCharset = RawHttp.exchange(port, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + "Content-Type: text/plain; charset=nope\r\nContent-Length: 2\r\n\r\n", "{}", 2, Duration.ofSeconds(5));
    assertThat(oddCharset.status()).as("a read's body is not Heketi's business").isEqualTo(200);
    assertThat(HEKETI.calls().subList(before, HEKETI.calls().size()))
        .filteredOn(call -> !call.startsWith("GET /queue/")).as("the follower's polls aside").containsOnly("GET /hello");
  }

  @Test
  void poolNamesWorkWhereHeketiTakesAClusterIdAndUnknownNamesAnswerLikeHeketi() {
    JsonNode byName = ocp().get("/clusters/gluster-ocp");
    assertThat(byName.get("id").asString()).isEqualTo(ocpCluster);
    HttpResponse<String> unknown = ocp().send("POST", "/volumes",
        CLI_CREATE.replace("gluster-ocp", "nope"), ocp().token("POST", "/volumes"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).isEqualTo("Cluster id nope not found\n");
    assertThat(unknown.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")).isEqualTo("text/plain;charset=utf-8");
    assertThat(unknown.headers().firstValue("Content-Length")).hasValue("26");
    HttpResponse<String> clusterName = ocp().send("GET", "/clusters/nope", null, ocp().token("GET", "/clusters/nope"));
    assertThat(clusterName.statusCode()).isEqualTo(400);
    assertThat(clusterName.body()).isEqualTo("Cluster id nope not found\n");
  }

  @Test
  void tokensAreCheckedAsHeketiChecksThem() {
    GoLikeHeketiClient cli = ocp();
    long now = System.currentTimeMillis() / 1000;
    assertRefused(cli.send("GET", "/volumes", null, cli.token("GET", "/volumes", now, now + 300, "wrong-key")),
        "auth.json", "bad signature (admin claims signed with wrong key)");
    String signature = cli.token("GET", "/volumes");
    String tampered = signature.substring(0, signature.length() - 2) + (signature.endsWith("A") ? "BB" : "AA");
    assertRefused(cli.send("GET", "/volumes", null, tampered), "auth.json",
        "bad signature (admin claims signed with wrong key)");
    // expired 300 s before this second: Heketi's text names the whole seconds, so not near a second's end
    long expiredAt = startOfASecond() - 300;
    assertRefused(cli.send("GET", "/volumes", null, cli.token("GET", "/volumes", expiredAt - 300, expiredAt, ocpSecret)),
        "auth.json", "expired token");
    assertRefused(cli.send("GET", "/clusters", null, cli.token("GET", "/volumes")), "auth.json",
        "wrong qsh (token made for GET /volumes used on GET /clusters)");
    String forVolumes = cli.token("GET", "/volumes");
    assertThat(cli.send("GET", "/volumes", null, forVolumes).statusCode()).isEqualTo(200);
    assertThat(cli.send("GET", "/volumes", null, forVolumes).statusCode()).as("reuse is allowed").isEqualTo(200);
    assertRefused(cli.send("GET", "/clusters/" + ocpCluster, null, forVolumes), "auth.json",
        "wrong qsh (token made for GET /volumes used on GET /clusters)");
    TestHttp.Response none = new TestHttp(port, null, null).get("/volumes", "*/*");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.body()).isEqualTo("Required authorization token not found\n");
    HttpResponse<String> anonymous = cli.send("GET", "/volumes", null, "");
    assertThat(anonymous.statusCode()).isEqualTo(400);
    HttpResponse<String> hello = cli.send("GET", "/hello", null, "garbage");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("Hello from Heketi");
  }

  /** The current second, once at most 300 ms of it have passed (waiting for the next one if needed). */
  private static long startOfASecond() {
    long millis = System.currentTimeMillis();
    if (millis % 1000 > 300) {
      try {
        Thread.sleep(1000 - millis % 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return System.currentTimeMillis() / 1000;
  }

  @Test
  void aFinishedResultIsNeverLostAndALostOperationEndsAs500() {
    GoLikeHeketiClient cli = ocp();
    HttpResponse<String> accepted = cli.initiate("POST", "/volumes", CLI_CREATE);
    String queue = accepted.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> first;
    do {
      first = cli.send("GET", queue, null, cli.token("GET", queue));
    } while (first.statusCode() == 200);
    HttpResponse<String> again = cli.send("GET", queue, null, cli.token("GET", queue));
    assertThat(first.statusCode()).isEqualTo(303);
    assertThat(again.statusCode()).as("Tandem keeps the final answer; Heketi would say Id not found").isEqualTo(303);
    assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));

    HttpResponse<String> second = cli.initiate("POST", "/volumes", CLI_CREATE);
    HEKETI.forgetQueue();
    String lost = second.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> answer = cli.send("GET", lost, null, cli.token("GET", lost));
    assertThat(answer.statusCode()).isEqualTo(500);
    assertThat(answer.body()).contains("outcome is unknown").doesNotStartWith("Id not found");
  }

  @Test
  void aPoolOverItsShareBorrowsWhatOtherPoolsLeaveUnusedButOnePlaceForEach() {
    // here Heketi's limit is 3 and each pool's share 1: gluster-ocp may borrow one place, not the one
    // kept for gluster-rhv, which has nothing in flight
    GoLikeHeketiClient cli = ocp();
    HEKETI.pendingPolls(1000);   // gluster-ocp's operations stay in flight while the next request waits
    HttpResponse<String> first = cli.initiate("POST", "/volumes", CLI_CREATE);
    HttpResponse<String> borrowed = cli.send("POST", "/volumes", CLI_CREATE, cli.token("POST", "/volumes"));
    HttpResponse<String> busy = cli.send("POST", "/volumes", CLI_CREATE, cli.token("POST", "/volumes"));
    HEKETI.pendingPolls(1);
    assertThat(borrowed.statusCode()).as(borrowed.body()).isEqualTo(202);
    assertThat(busy.statusCode()).isEqualTo(429);
    assertThat(busy.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(busy.body()).isEqualTo("Server busy. Retry operation later.\n");

    JsonNode otherPool = rhv().volumeCreate(CLI_CREATE.replace("gluster-ocp", "gluster-rhv"));
    assertThat(otherPool.get("cluster").asString()).isEqualTo(rhvCluster);
    assertThat(cli.poll(first, 200).get("cluster").asString()).isEqualTo(ocpCluster);
    assertThat(cli.poll(borrowed, 200).get("cluster").asString()).isEqualTo(ocpCluster);
    assertThat(cli.volumeCreate(CLI_CREATE).get("cluster").asString()).isEqualTo(ocpCluster);
  }

  @Test
  void heketisOwn429IsRelayedOnceTheAdmissionWaitHasPassedAndTheGoClientRetriesIt() {
    HEKETI.maxInFlight(0);
    GoLikeHeketiClient cli = ocp();
    Thread release = new Thread(() -> {
      try {
        // once the client has Heketi's 429, which Tandem relays after admission-wait (300 ms) of sending again
        for (int i = 0; i < 1000 && cli.exchanges().stream().noneMatch(e -> e.endsWith("-> 429")); i++) {
          Thread.sleep(10);
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        HEKETI.maxInFlight(8);
      }
    });
    release.start();
    JsonNode volume = cli.volumeCreate(CLI_CREATE);
    assertThat(volume.get("cluster").asString()).isEqualTo(ocpCluster);
    assertThat(cli.exchanges.get(0)).isEqualTo("POST /volumes -> 429");
  }

  @Test
  void anIssuedStorageClassCarriesACredentialForItsPoolOnly() {
    TestHttp.Response issued = admin.send("POST", "/api/v1/pools/gluster-ocp/storageclass?namespace=storage", null, null,
        "application/yaml");
    assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
    List<JsonNode> docs = new ArrayList<>();
    YAMLMapper yaml = YAMLMapper.builder().build();
    yaml.readValues(yaml.createParser(issued.body()), JsonNode.class).forEachRemaining(docs::add);
    String user = docs.get(0).at("/parameters/restuser").asString();
    String key = docs.get(1).at("/stringData/key").asString();
    assertThat(user).isEqualTo("gluster-ocp-provisioner");
    assertThat(key).isNotBlank();

    GoLikeHeketiClient provisioner = new GoLikeHeketiClient(server, user, key, 0.01);
    assertThat(provisioner.volumeCreate(CLI_CREATE.replace("\"clusters\":[\"gluster-ocp\"],", ""))
        .get("cluster").asString()).isEqualTo(ocpCluster);
    assertThatThrownBy(() -> provisioner.volumeCreate(CLI_CREATE.replace("gluster-ocp", "gluster-rhv")))
        .hasMessageContaining("may not use pool gluster-rhv");
    assertThat(admin.get("/api/v1/clients/gluster-ocp-provisioner").body()).doesNotContain(key);
  }

  @Test
  void everyMutationOfTheHeketiApiIsAuditedWithoutSecrets() {
    ocp().volumeCreate(CLI_CREATE);
    try {
      ocp().volumeCreate(CLI_CREATE.replace("gluster-ocp", "gluster-rhv"));
    } catch (GoLikeHeketiClient.HeketiError expected) {
      // refused, and audited
    }
    JsonNode events = admin.get("/api/v1/audit?api=heketi&actor=ocp").json();
    List<String> seen = new ArrayList<>();
    events.forEach(e -> seen.add(e.get("method").asString() + " " + e.get("path").asString() + " "
        + e.get("pool").asString("-") + " " + e.get("status").asInt()));
    assertThat(seen).contains("POST /volumes gluster-ocp 202", "POST /volumes - 403");
    String all = admin.get("/api/v1/audit?limit=1000").body();
    assertThat(all).doesNotContain(ocpSecret).doesNotContain(rhvSecret).doesNotContain("bearer");
  }

  /**
   * Many proxied reads in a row answer exactly as the stand-in does directly (bounded: 350 each way).
   * How fast is for the benchmark harness, not for the test suite.
   */
  @Test
  void manyProxiedReadsAnswerAsHeketiDoes() {
    GoLikeHeketiClient viaTandem = ocp();
    GoLikeHeketiClient direct = new GoLikeHeketiClient(HEKETI.url(), "admin", FakeHeketi.ADMIN_KEY, 0.01);
    String path = "/clusters/" + ocpCluster;
    for (int i = 0; i < 350; i++) {
      assertThat(viaTandem.get(path)).isEqualTo(direct.get(path));
    }
    assertThat(viaTandem.exchanges).hasSize(350).allMatch(e -> e.endsWith("-> 200"));
  }

  private static void assertRefused(HttpResponse<String> answer, String file, String exchange) {
    JsonNode recorded = Transcripts.exchange(file, exchange).get("response");
    assertThat(answer.statusCode()).isEqualTo(recorded.get("status").asInt());
    assertThat(answer.body()).isEqualTo(recorded.get("body").asString());
    // Tomcat writes "text/plain;charset=utf-8" where Go writes "text/plain; charset=utf-8": same media type
    assertThat(answer.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")).isEqualTo("text/plain;charset=utf-8");
    assertThat(answer.headers().firstValue("Content-Length")).hasValue(
        Integer.toString(recorded.get("body").asString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
  }
}
