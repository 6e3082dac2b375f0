package dev.tandem.heketidb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import dev.tandem.heketi.BoltFiles;
import dev.tandem.heketi.FakeHeketi;
import dev.tandem.heketi.HeketiClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
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

/**
 * Backups taken on demand, and Heketi's check by pool, through the real HTTP API in front of the Heketi
 * stand-in, with roles.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HeketiDbApiTests {

  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();
  static final String BACKUPS = "/api/v1/heketi/backups";

  @DynamicPropertySource
  static void heketi(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:heketidb-api;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    registry.add("tandem.heketi.url", HEKETI::url);
    registry.add("tandem.heketi.admin-key", () -> FakeHeketi.ADMIN_KEY);
    registry.add("tandem.coordination.instance", () -> "replica-a");
  }

  @AfterAll
  static void stopHeketi() {
    HEKETI.shutdown();
  }

  @LocalServerPort int port;
  @Autowired HeketiClient heketiClient;
  @Autowired JdbcTemplate jdbc;
  TestHttp admin;

  @BeforeEach
  void fresh() {
    admin = new TestHttp(port);
    HEKETI.reset();
  }

  TestHttp as(String role) {
    admin.delete("/api/v1/clients/" + role + "-1");
    Response created = admin.post("/api/v1/clients", "{\"name\":\"" + role + "-1\",\"role\":\"" + role + "\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return new TestHttp(port, role + "-1", created.json().get("secret").asString());
  }

  @Test
  void retentionAndDeleteSpareTheBackupOfARestoreNotEndedAndOfTheNewestRestoreUntilItSucceeds() {
    // more old kept backups than the default retention (14); the oldest is the one a queued restore will put back
    List<Long> old = new ArrayList<>();
    for (int days = 20; days > 4; days--) {
      old.add(jdbc.queryForObject("select id from final table (insert into heketi_backup (taken_at, taken_by,"
          + " outcome, size_bytes, sha256, content) values (?, 'replica-a', 'KEPT', 1, 'aa', ?))", Long.class,
          OffsetDateTime.now(ZoneOffset.UTC).minusDays(days), new byte[] {1}));
    }
    String job = "00000000-0000-0000-0000-0000000012ab";
    String newer = "00000000-0000-0000-0000-0000000012ac";
    jdbc.update("insert into job (id, type, state, request, cancel, created_at) values (?, 'restore-heketi-db',"
        + " 'QUEUED', ?, false, ?)", job, "{\"type\":\"restore-heketi-db\",\"backup\":\"" + old.get(0)
        + "\",\"confirm\":true}", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1));
    try {
      assertThat(admin.post(BACKUPS, null).status()).isEqualTo(201);
      List<Long> listed = admin.get(BACKUPS).json().valueStream().map(b -> b.get("id").asLong()).toList();
      assertThat(listed).as("named by the queued restore").contains(old.get(0))
          .as("older than the newest 14").doesNotContain(old.get(1), old.get(2));
      Response refused = admin.delete(BACKUPS + "/" + old.get(0));
      assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
      assertThat(refused.isProblem()).isTrue();
      assertThat(refused.json().get("type").asString()).isEqualTo("urn:tandem:problem:backup-in-use");
      assertThat(admin.get(BACKUPS + "/" + old.get(0), "*/*").status()).as("still there").isEqualTo(200);

      // failed after "stop heketi", say: its retry needs the backup
      jdbc.update("update job set state = 'FAILED' where id = ?", job);
      assertThat(admin.post(BACKUPS, null).status()).isEqualTo(201);
      assertThat(admin.get(BACKUPS).json().valueStream().map(b -> b.get("id").asLong()))
          .as("the newest restore failed: its backup is held for the retry").contains(old.get(0));
      Response held = admin.delete(BACKUPS + "/" + old.get(0));
      assertThat(held.status()).as(held.toString()).isEqualTo(409);
      assertThat(held.json().get("detail").asString()).contains("the newest restore job names it and has not"
          + " succeeded", "once that job has succeeded or a newer restore-heketi-db job has started");

      jdbc.update("insert into job (id, type, state, request, cancel, created_at) values (?, 'restore-heketi-db',"
          + " 'SUCCEEDED', ?, false, current_timestamp)", newer, "{\"type\":\"restore-heketi-db\",\"backup\":\""
          + old.get(old.size() - 1) + "\",\"confirm\":true}");
      assertThat(admin.post(BACKUPS, null).status()).isEqualTo(201);
      assertThat(admin.get(BACKUPS).json().valueStream().map(b -> b.get("id").asLong()))
          .as("a newer restore supersedes the failed one: retention applies to its backup").doesNotContain(old.get(0));
    } finally {
      jdbc.update("delete from job where id in (?, ?)", job, newer);
      old.forEach(id -> jdbc.update("delete from heketi_backup where id = ?", id));
    }
  }

  @Test
  void anAdminTakesOneAViewerListsItAndOnlyTheAdminDownloadsIt() throws Exception {
    Response taken = admin.post(BACKUPS, null);
    assertThat(taken.status()).as(taken.toString()).isEqualTo(201);
    JsonNode backup = taken.json();
    assertThat(backup.get("outcome").asString()).isEqualTo("KEPT");
    assertThat(backup.get("sizeBytes").asLong()).isEqualTo(BoltFiles.SIZE);
    assertThat(backup.get("takenBy").asString()).isEqualTo("replica-a");
    String id = backup.get("id").asString();
    assertThat(taken.location()).endsWith(BACKUPS + "/" + id);

    TestHttp viewer = as("viewer");
    Response listed = viewer.get(BACKUPS);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json().get(0).get("sha256").asString()).isEqualTo(backup.get("sha256").asString());
    Response viewerDownload = viewer.get(BACKUPS + "/" + id, "*/*");
    assertThat(viewerDownload.status()).isEqualTo(403);
    assertThat(viewerDownload.isProblem()).isTrue();
    assertThat(as("operator").post(BACKUPS, null).status()).isEqualTo(403);
    assertThat(viewer.delete(BACKUPS + "/" + id).status()).isEqualTo(403);

    HttpResponse<byte[]> file = download(id, null);
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Type")).contains("application/octet-stream");
    assertThat(file.headers().firstValue("Content-Disposition")).get().asString()
        .startsWith("attachment").contains("heketi-" + id + ".db");
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.body()));
    assertThat(sha).isEqualTo(backup.get("sha256").asString());
    assertThat(file.headers().firstValue("ETag")).contains("\"" + sha + "\"");
    assertThat(BoltFile.refusal(file.body())).isEmpty();
    assertThat(download(id, "\"" + sha + "\"").statusCode()).isEqualTo(304);

    assertThat(admin.delete(BACKUPS + "/" + id).status()).isEqualTo(204);
    Response gone = admin.get(BACKUPS + "/" + id, "*/*");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.isProblem()).isTrue();
  }

  @Test
  void aCorruptAnswerIsRefusedRecordedAndShownInHealthAndMetricsButNotInReadiness() {
    HEKETI.backupFile("<html><body>502 Bad Gateway</body></html>\n".getBytes(StandardCharsets.UTF_8));

    Response refused = admin.post(BACKUPS, null);

    assertThat(refused.status()).isEqualTo(502);
    assertThat(refused.isProblem()).isTrue();
    assertThat(refused.json().get("type").asString()).isEqualTo("urn:tandem:problem:heketi-backup-refused");
    long id = refused.json().get("backup").asLong();
    JsonNode recorded = admin.get(BACKUPS).json().get(0);
    assertThat(recorded.get("id").asLong()).isEqualTo(id);
    assertThat(recorded.get("outcome").asString()).isEqualTo("REFUSED");
    assertThat(recorded.get("message").asString()).contains("not a BoltDB file");
    assertThat(recorded.get("sha256").isNull()).isTrue();
    assertThat(admin.get(BACKUPS + "/" + id, "*/*").status()).isEqualTo(404);

    Response health = admin.get("/actuator/health/heketiBackups");
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().get("status").asString()).isEqualTo("FAILING");
    assertThat(health.json().at("/details/outcome").asString()).isEqualTo("REFUSED");
    assertThat(admin.get("/actuator/health").status()).isEqualTo(200);
    assertThat(admin.get("/actuator/health/readiness").status()).isEqualTo(200);
    assertThat(metric("tandem_heketi_backup_failures_total")).isGreaterThanOrEqualTo(1);

    HEKETI.reset();
    assertThat(admin.post(BACKUPS, null).status()).isEqualTo(201);
    assertThat(admin.get("/actuator/health/heketiBackups").json().get("status").asString()).isEqualTo("UP");
    assertThat(metric("tandem_heketi_backup_last_success_seconds"))
        .isCloseTo(System.currentTimeMillis() / 1000.0, offset(60.0));
  }

  @Test
  void healthAndMetricsReadTheNewestBackupWithoutKeepingAConnection(@Autowired DataSource dataSource) {
    assertThat(admin.post(BACKUPS, null).status()).isEqualTo(201);
    HikariPoolMXBean pool = ((HikariDataSource) dataSource).getHikariPoolMXBean();

    for (int i = 0; i < pool.getTotalConnections() + 5; i++) {   // more reads than the pool has connections
      assertThat(admin.get("/actuator/health/heketiBackups").status()).isEqualTo(200);
      assertThat(metric("tandem_heketi_backup_last_success_seconds")).isPositive();
    }

    assertThat(pool.getActiveConnections()).as("connections still in use after the reads").isLessThan(3);
  }

  @Test
  void aHeketiThatIsDownIsA503ProblemAndAFailedAttempt() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    heketiClient.repoint(URI.create("http://127.0.0.1:" + closed), FakeHeketi.ADMIN_KEY);
    try {
      Response down = admin.post(BACKUPS, null);
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.isProblem()).isTrue();
      assertThat(admin.get(BACKUPS).json().get(0).get("outcome").asString()).isEqualTo("FAILED");
      Response check = admin.get("/api/v1/heketi/check");
      assertThat(check.status()).isEqualTo(503);
      assertThat(check.json().get("type").asString()).isEqualTo("urn:tandem:problem:heketi-unavailable");
    } finally {
      heketiClient.repoint(URI.create(HEKETI.url()), FakeHeketi.ADMIN_KEY);
    }
  }

  @Test
  void idsThatNameNoBackupAre404ProblemsNever500() {
    for (String id : new String[] {"abc", "0", "-1", "99999999999999999999", "%20", "1.5", "%E2%82%AC"}) {
      for (String method : new String[] {"GET", "DELETE"}) {
        Response answer = admin.send(method, BACKUPS + "/" + id, null, null, "*/*");
        assertThat(answer.status()).as(method + " " + id + ": " + answer).isEqualTo(404);
        assertThat(answer.isProblem()).as(answer.toString()).isTrue();
      }
    }
  }

  @Test
  void theCheckIsSummarisedPerPoolWithFindingsSortedToTheClusterTheyName() {
    assertThat(admin.put("/api/v1/platform?cascade=true", TestHttp.JSON, "{}").status()).isEqualTo(200);
    assertThat(admin.put("/api/v1/platform", TestHttp.YAML, TestHttp.example()).status()).isEqualTo(200);
    Response reconciled = admin.post("/api/v1/reconcile", "");
    assertThat(reconciled.status()).isEqualTo(200);
    Map<String, String> clusters = new TreeMap<>();
    reconciled.json().get("pools").forEach(p -> clusters.put(p.get("pool").asString(), p.at("/cluster/id").asString()));
    String rhv = clusters.get("gluster-rhv");
    String ocp = clusters.get("gluster-ocp");
    String elsewhere = HEKETI.clusterMadeElsewhere();
    List<String> rhvNodes = HEKETI.clusters().get(rhv).get("nodes").valueStream().map(JsonNode::asString).toList();
    // the recorded examination, its cluster and node ids those of this Heketi
    HEKETI.examineAs(Map.of("b954a72d55de5fc6045e67a50d0cb808", rhv, "c702b2d2db271c2c1cd1cf63b755ecc4", ocp,
        "dc9e31ce8d30619ecaedf6ac6b999d15", elsewhere, "85835ad8e0e7ea473e8b8159c4761e39", rhvNodes.get(0),
        "a8595606bd38a9890485b8243bcd761f", rhvNodes.get(1), "f9f986c74c846eae9792afd31fc3f04f", rhvNodes.get(2)));

    Response answer = as("viewer").get("/api/v1/heketi/check");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    JsonNode check = answer.json();
    assertThat(check.at("/database/clusters/total").asInt()).as("Heketi's own summary, as recorded").isEqualTo(3);
    assertThat(check.at("/database/bricks/ok").asInt()).isEqualTo(7);
    assertThat(check.get("totalInconsistencies").asInt()).isZero();
    assertThat(check.get("consistent").asBoolean()).as("the examination names objects of two pools").isFalse();
    assertThat(check.at("/examination/available").asBoolean()).isTrue();
    JsonNode rhvPool = pool(check, "gluster-rhv");
    assertThat(rhvPool.at("/clusters/0/cluster").asString()).isEqualTo(rhv);
    assertThat(rhvPool.at("/clusters/0/nodes").asInt()).isEqualTo(3);
    assertThat(rhvPool.at("/clusters/0/findings").valueStream().map(JsonNode::asString))
        .containsExactlyInAnyOrderElementsOf(rhvNodes.stream()
            .map(n -> "heketi volume list does not match with volume list of node " + n).toList());
    assertThat(pool(check, "gluster-ocp").at("/clusters/0/findings").valueStream().map(JsonNode::asString))
        .containsExactly("not able to fetch any data from cluster " + ocp);
    assertThat(check.at("/unknownClusters/0/cluster").asString()).isEqualTo(elsewhere);
    assertThat(check.at("/unknownClusters/0/findings/0").asString()).contains(elsewhere);
    assertThat(check.get("otherFindings").valueStream().map(JsonNode::asString))
        .contains("OnDemand Examiner invoked while 0 ops are in flight");

    HEKETI.examineAs(null);
    JsonNode without = admin.get("/api/v1/heketi/check").json();
    assertThat(without.at("/examination/available").asBoolean()).isFalse();
    assertThat(without.at("/examination/detail").asString()).contains("404", "does not offer");
    assertThat(without.get("consistent").asBoolean()).isTrue();
    assertThat(as("operator").get("/api/v1/heketi/check").status()).isEqualTo(200);
  }

  static JsonNode pool(JsonNode check, String name) {
    return check.get("pools").valueStream().filter(p -> p.get("pool").asString().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no pool " + name + " in " + check));
  }

  HttpResponse<byte[]> download(String id, String ifNoneMatch) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + BACKUPS + "/" + id))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + TestHttp.ADMIN_SECRET).getBytes(StandardCharsets.UTF_8)));
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  double metric(String name) {
    Response scrape = admin.get("/actuator/prometheus", "text/plain");
    assertThat(scrape.status()).isEqualTo(200);
    return scrape.body().lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + scrape.body()));
  }
}
