package dev.tandem.security;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import dev.tandem.heketi.FakeHeketi;
import dev.tandem.proxy.GoLikeTokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The access policy as callers meet it: every role (admin, operator, viewer, a pool client whose
 * pool the request is about, one of another pool, anonymous) against a request of every route class
 * of both APIs, in front of a Heketi stand-in built from the transcripts. "ok" means the route
 * answered (any status but 401 and 403); refused requests must not reach Heketi.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessPolicyApiTests {

  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();
  static final String ABSENT = "0123456789abcdef0123456789abcdef";
  static final Set<String> SCOPED_LOOKUPS = Set.of("HEKETI_VOLUMES", "HEKETI_CLUSTERS", "HEKETI_NODES",
      "HEKETI_QUEUE");
  static final List<String> CALLERS = List.of("admin", "operator", "viewer", "pool-in-scope", "pool-out-of-scope",
      "anonymous");

  @DynamicPropertySource
  static void heketi(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:policy;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    registry.add("tandem.heketi.url", HEKETI::url);
    registry.add("tandem.heketi.admin-key", () -> FakeHeketi.ADMIN_KEY);
    registry.add("tandem.heketi.poll-interval", () -> "20ms");
  }

  @AfterAll
  static void stop() {
    HEKETI.shutdown();
  }

  @LocalServerPort int port;
  final Map<String, String> secrets = new LinkedHashMap<>();
  String ocpCluster;
  String ocpNode;
  String ocpVolume;
  String ocpQueue;
  String ocpOperation;

  /** One request of a route class, and what each caller (in {@link #CALLERS} order) gets. */
  record Row(String route, String method, String path, String body, String expected) {}

  @BeforeAll
  void platform() {
    TestHttp admin = new TestHttp(port);
    assertThat(admin.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    assertThat(admin.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
    for (JsonNode pool : admin.post("/api/v1/reconcile", "").json().get("pools")) {
      if (pool.get("pool").asString().equals("gluster-ocp")) {
        ocpCluster = pool.at("/cluster/id").asString();
      }
    }
    ocpNode = HEKETI.clusters().get(ocpCluster).get("nodes").get(0).asString();
    secrets.put("admin", TestHttp.ADMIN_SECRET);
    secrets.put("operator", client(admin, "operator", "operator", null));
    secrets.put("viewer", client(admin, "viewer", "viewer", null));
    secrets.put("pool-in-scope", client(admin, "pool-in-scope", "pool", "gluster-ocp"));
    secrets.put("pool-out-of-scope", client(admin, "pool-out-of-scope", "pool", "gluster-rhv"));

    Response accepted = send("pool-in-scope", "POST", "/volumes", "{\"size\":1,\"clusters\":[\"gluster-ocp\"]}");
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    ocpQueue = accepted.location();
    for (int i = 0; i < 200 && ocpVolume == null; i++) {
      Response polled = send("pool-in-scope", "GET", ocpQueue, null);
      ocpVolume = polled.status() == 303 ? polled.location().substring("/volumes/".length()) : null;
    }
    assertThat(ocpVolume).isNotNull();
    Response started = admin.post("/api/v1/pools/gluster-ocp/volumes", "{\"name\":\"policy\",\"sizeGiB\":1}");
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    ocpOperation = started.location();
  }

  static String client(TestHttp admin, String name, String role, String pool) {
    admin.delete("/api/v1/clients/" + name);
    Response created = admin.post("/api/v1/clients", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\""
        + (pool == null ? "" : ",\"pools\":[\"" + pool + "\"]") + "}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().get("secret").asString();
  }

  List<Row> table() {
    String volume = "{\"size\":1,\"clusters\":[\"gluster-ocp\"]}";
    return List.of(
        //                                                                        admin oper view in  out anon
        new Row("TANDEM_OPEN", "GET", "/actuator/health", null,                    "ok  ok   ok   ok  ok  ok"),
        new Row("TANDEM_METRICS", "GET", "/actuator/prometheus", null,             "ok  ok   ok   403 403 401"),
        new Row("CLIENTS_AND_AUDIT", "GET", "/api/v1/audit", null,                 "ok  403  403  403 403 401"),
        new Row("CLIENTS_AND_AUDIT", "POST", "/api/v1/clients/absent/rotate", null, "ok  403  403  403 403 401"),
        new Row("POOL_VOLUMES", "GET", "/api/v1/pools/gluster-ocp/volumes", null,  "ok  ok   ok   ok  403 401"),
        new Row("POOL_VOLUMES", "DELETE", "/api/v1/pools/gluster-ocp/volumes/absent", null,
                                                                                   "ok  ok   403  ok  403 401"),
        new Row("POOL_OUTPUTS", "GET", "/api/v1/pools/gluster-ocp/fstab", null,    "ok  ok   ok   ok  403 401"),
        new Row("POOL_OUTPUTS", "POST", "/api/v1/pools/gluster-ocp/storageclass?client=Not_A_Label", null,
                                                                                   "ok  403  403  403 403 401"),
        new Row("OPERATIONS", "GET", ocpOperation, null,                           "ok  ok   ok   ok  404 401"),
        new Row("RUNS", "GET", "/api/v1/jobs", null,                               "ok  ok   ok   403 403 401"),
        new Row("RUNS", "POST", "/api/v1/jobs/absent/cancel", null,                "ok  ok   403  403 403 401"),
        new Row("DRIFT", "GET", "/api/v1/pools/absent/drift", null,                "ok  ok   ok   403 403 401"),
        // a method the route does not have: a caller allowed to write gets 405, the others are refused first
        new Row("DRIFT", "POST", "/api/v1/pools/absent/drift", null,               "ok  ok   403  403 403 401"),
        new Row("RUNS", "POST", "/api/v1/pools/gluster-ocp/devices/node1/sdz/remove", null,
                                                                                   "ok  ok   403  403 403 401"),
        new Row("HEKETI_BACKUP_FILES", "GET", "/api/v1/heketi/backups/absent", null, "ok  403  403  403 403 401"),
        new Row("HEKETI_BACKUP_FILES", "DELETE", "/api/v1/heketi/backups/0", null, "ok  403  403  403 403 401"),
        new Row("INVENTORY", "GET", "/api/v1/hosts", null,                         "ok  ok   ok   403 403 401"),
        new Row("INVENTORY", "DELETE", "/api/v1/hosts/absent", null,               "ok  403  403  403 403 401"),
        new Row("HEKETI_HELLO", "GET", "/hello", null,                             "ok  ok   ok   ok  ok  ok"),
        new Row("HEKETI_METRICS", "GET", "/metrics", null,                         "ok  ok   ok   403 403 401"),
        new Row("HEKETI_VOLUMES", "GET", "/volumes/" + ocpVolume, null,            "ok  ok   ok   ok  403 401"),
        new Row("HEKETI_VOLUMES", "POST", "/volumes", volume,                      "ok  ok   403  ok  403 401"),
        new Row("HEKETI_CLUSTERS", "GET", "/clusters/" + ocpCluster, null,         "ok  ok   ok   ok  403 401"),
        new Row("HEKETI_CLUSTERS", "DELETE", "/clusters/" + ABSENT, null,          "ok  403  403  403 403 401"),
        new Row("HEKETI_NODES", "GET", "/nodes/" + ocpNode, null,                  "ok  ok   ok   ok  403 401"),
        new Row("HEKETI_NODES", "DELETE", "/nodes/" + ABSENT, null,                "ok  403  403  403 403 401"),
        new Row("HEKETI_DEVICE_RESYNC", "GET", "/devices/" + ABSENT + "/resync", null,
                                                                                   "ok  403  403  403 403 401"),
        new Row("HEKETI_DEVICES", "GET", "/devices/" + ABSENT, null,               "ok  ok   ok   403 403 401"),
        new Row("HEKETI_DEVICES", "DELETE", "/devices/" + ABSENT, null,            "ok  403  403  403 403 401"),
        new Row("HEKETI_QUEUE", "GET", ocpQueue, null,                             "ok  ok   ok   ok  403 401"),
        new Row("HEKETI_ADMINISTRATION", "GET", "/db/dump", null,                  "ok  403  403  403 403 401"),
        new Row("HEKETI_ADMINISTRATION", "GET", "/backup/db", null,                "ok  403  403  403 403 401"),
        new Row("HEKETI_ADMINISTRATION", "GET", "/blockvolumes/" + ABSENT, null,   "ok  403  403  403 403 401"),
        new Row("HEKETI_ADMINISTRATION", "POST", "/admin", "{\"state\":\"normal\"}", "ok  403  403  403 403 401"));
  }

  @Test
  void everyRoleMeetsTheTableOnEveryRouteClassOfBothApis() {
    List<String> wrong = new ArrayList<>();
    Set<String> classes = new LinkedHashSet<>();
    for (Row row : table()) {
      classes.add(row.route());
      String[] expected = row.expected().trim().split("\\s+");
      for (int i = 0; i < CALLERS.size(); i++) {
        int calls = HEKETI.calls().size();
        Response answer = send(CALLERS.get(i), row.method(), row.path(), row.body());
        boolean refused = answer.status() == 401 || answer.status() == 403;
        boolean matches = expected[i].equals("ok") ? !refused : Integer.toString(answer.status()).equals(expected[i]);
        List<String> reached = HEKETI.calls().subList(calls, HEKETI.calls().size());
        // a scoped read may read the object from Heketi to learn its pool; nothing else refused may reach Heketi
        boolean lookup = row.method().equals("GET") && SCOPED_LOOKUPS.contains(row.route());
        if (refused && !lookup && reached.contains(row.method() + " " + row.path().split("\\?")[0])) {
          wrong.add(CALLERS.get(i) + " " + row.method() + " " + row.path() + ": refused, yet Heketi received it");
        }
        if (!matches) {
          wrong.add(CALLERS.get(i) + " " + row.method() + " " + row.path() + " (" + row.route() + "): expected "
              + expected[i] + ", got " + answer.status() + " " + answer.body().strip());
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(classes).as("every route class of AccessPolicy has a row")
        .containsExactlyInAnyOrderElementsOf(routeClasses());
  }

  @Test
  void aViewerAsksForTheDriftReportBeforeAnyWasMadeAndIsToldHowToMakeOne() {
    Response none = send("viewer", "GET", "/api/v1/drift", null);
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.isProblem()).isTrue();
    assertThat(none.json().get("fix").asString()).contains("POST /api/v1/drift");
    assertThat(send("viewer", "POST", "/api/v1/drift", null).status()).isEqualTo(403);
  }

  @Test
  void refusalsSayWhyInEachApisOwnFormat() {
    int calls = HEKETI.calls().size();
    Response heketi = send("viewer", "GET", "/db/dump", null);
    assertThat(heketi.status()).isEqualTo(403);
    assertThat(heketi.body()).isEqualTo("Administrator access required\n");
    assertThat(heketi.contentType().replace(" ", "")).isEqualTo("text/plain;charset=utf-8");
    Response anonymous = send("anonymous", "GET", "/metrics", null);
    assertThat(anonymous.body()).isEqualTo("Required authorization token not found\n");
    Response tandem = send("viewer", "GET", "/api/v1/audit", null);
    assertThat(tandem.isProblem()).isTrue();
    assertThat(tandem.json().get("detail").asString()).contains("viewer");
    // (Tandem's follower may poll its own operations meanwhile)
    assertThat(HEKETI.calls().subList(calls, HEKETI.calls().size())).doesNotContain("GET /db/dump", "GET /metrics");
  }

  /** The route classes' names, read from the policy so that a new class cannot be left out of the table. */
  static List<String> routeClasses() {
    return Arrays.stream(AccessPolicy.Route.values()).map(Enum::name).toList();
  }

  /** A request as this caller makes it: Basic on Tandem's API, a Heketi JWT on the Heketi-compatible API. */
  Response send(String caller, String method, String path, String body) {
    String bare = path.split("\\?")[0];
    boolean heketi = !bare.startsWith("/api/") && !bare.startsWith("/actuator/");
    String secret = secrets.get(caller);
    String authorization = secret == null ? null : heketi ? "bearer " + new GoLikeTokens(caller, secret)
        .sign(method, bare) : "Basic " + Base64.getEncoder().encodeToString((caller + ":" + secret)
        .getBytes(StandardCharsets.UTF_8));
    return new TestHttp(port, null, null).send(method, path, body == null ? null : JSON, body,
        bare.startsWith("/actuator/prometheus") ? "text/plain" : "*/*", authorization);
  }
}
