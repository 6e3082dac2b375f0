package dev.tandem.security;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Authentication, roles, clients and audit on Tandem's own API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:security;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
class SecurityApiTests {

  @LocalServerPort int port;
  TestHttp admin;
  TestHttp anonymous;

  @BeforeEach
  void platform() {
    admin = new TestHttp(port);
    anonymous = new TestHttp(port, null, null);
    for (String name : new String[] {"ocp", "watcher", "ops", "late"}) {
      admin.delete("/api/v1/clients/" + name);
    }
    assertThat(admin.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    assertThat(admin.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
  }

  String client(String name, String role, String pools) {
    Response created = admin.post("/api/v1/clients", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\""
        + (pools == null ? "" : ",\"pools\":[" + pools + "]") + "}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.location()).isEqualTo("/api/v1/clients/" + name);
    return created.json().get("secret").asString();
  }

  @Test
  void withoutACredentialNothingUnderTheApiAnswersButHealthAndDocsStayOpen() {
    for (Response r : new Response[] {anonymous.get("/api/v1/pools"),
        anonymous.put("/api/v1/platform", YAML, TestHttp.example()), anonymous.post("/api/v1/reconcile", ""),
        anonymous.get("/actuator/prometheus", "text/plain")}) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.isProblem()).isTrue();
    }
    assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
    assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
    assertThat(admin.get("/actuator/prometheus", "text/plain").status()).isEqualTo(200);
    assertThat(new TestHttp(port, "admin", "wrong").get("/api/v1/pools").status()).isEqualTo(401);
    assertThat(new TestHttp(port, "nobody", "x").get("/api/v1/pools").status()).isEqualTo(401);
  }

  @Test
  void whoamiAnswersTheCallersOwnNameRoleAndPools() {
    String secret = client("ocp", "pool", "\"gluster-ocp\"");
    Response me = new TestHttp(port, "ocp", secret).get("/api/v1/whoami");
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    assertThat(me.json().get("name").asString()).isEqualTo("ocp");
    assertThat(me.json().get("role").asString()).isEqualTo("pool");
    assertThat(me.json().get("pools").toString()).isEqualTo("[\"gluster-ocp\"]");
    assertThat(admin.get("/api/v1/whoami").json().get("role").asString()).isEqualTo("admin");
    assertThat(anonymous.get("/api/v1/whoami").status()).isEqualTo(401);
  }

  @Test
  void clientSecretsAreShownOnceRotatedAndRevoked() {
    String secret = client("ocp", "pool", "\"gluster-ocp\"");
    assertThat(secret).hasSizeGreaterThanOrEqualTo(40);

    assertThat(admin.get("/api/v1/clients").body()).contains("\"ocp\"").doesNotContain(secret).doesNotContain("secret");
    assertThat(admin.get("/api/v1/clients/ocp").body()).doesNotContain(secret);
    assertThat(new TestHttp(port, "ocp", secret).get("/api/v1/pools/gluster-ocp").status()).isEqualTo(200);

    String rotated = admin.post("/api/v1/clients/ocp/rotate", "").json().get("secret").asString();
    assertThat(rotated).isNotEqualTo(secret);
    assertThat(new TestHttp(port, "ocp", secret).get("/api/v1/pools/gluster-ocp").status()).isEqualTo(401);
    assertThat(new TestHttp(port, "ocp", rotated).get("/api/v1/pools/gluster-ocp").status()).isEqualTo(200);

    assertThat(admin.delete("/api/v1/clients/ocp").status()).isEqualTo(204);
    assertThat(new TestHttp(port, "ocp", rotated).get("/api/v1/pools/gluster-ocp").status()).isEqualTo(401);
    assertThat(admin.get("/api/v1/audit?limit=1000").body()).doesNotContain(secret).doesNotContain(rotated);
  }

  @Test
  void aNameTriedBeforeItsClientExistedIsAcceptedOnceCreated() {
    assertThat(new TestHttp(port, "late", "guess").get("/api/v1/pools").status()).isEqualTo(401);

    String secret = client("late", "viewer", null);

    // the replica kept "late" as unknown; creating it here forgets that at once
    assertThat(new TestHttp(port, "late", secret).get("/api/v1/pools").status()).isEqualTo(200);
    admin.delete("/api/v1/clients/late");
  }

  @Test
  void aPoolDeletedAndMadeAgainIsNotInTheScopeOfAClientKeptFromBefore() {
    String secret = client("ocp", "pool", "\"gluster-ocp\"");
    TestHttp ocp = new TestHttp(port, "ocp", secret);
    assertThat(ocp.get("/api/v1/pools/gluster-ocp").status()).isEqualTo(200);   // read, and kept

    assertThat(admin.delete("/api/v1/pools/gluster-ocp?cascade=true").status()).isEqualTo(200);
    assertThat(admin.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);

    assertThat(ocp.get("/api/v1/pools/gluster-ocp").status()).as("its scope went with the pool").isEqualTo(403);
  }

  @Test
  void clientRequestsAreValidated() {
    assertThat(admin.post("/api/v1/clients", "{\"name\":\"admin\",\"role\":\"admin\"}").status()).isEqualTo(409);
    assertThat(admin.post("/api/v1/clients", "{\"name\":\"x\",\"role\":\"pool\"}").status()).isEqualTo(400);
    Response unknownPool = admin.post("/api/v1/clients", "{\"name\":\"x\",\"role\":\"pool\",\"pools\":[\"nope\"]}");
    assertThat(unknownPool.status()).isEqualTo(400);
    assertThat(unknownPool.json().at("/errors/0/field").asString()).isEqualTo("pools");
    assertThat(admin.post("/api/v1/clients", "{\"name\":\"Bad Name\",\"role\":\"viewer\"}").status()).isEqualTo(400);
    assertThat(admin.post("/api/v1/clients", "{\"name\":\"x\",\"role\":\"root\"}").status()).isEqualTo(400);
    client("ops", "operator", null);
    assertThat(admin.post("/api/v1/clients", "{\"name\":\"ops\",\"role\":\"operator\"}").status()).isEqualTo(409);
  }

  @Test
  void rolesDecideWhatEachClientMayDo() {
    TestHttp viewer = new TestHttp(port, "watcher", client("watcher", "viewer", null));
    TestHttp operator = new TestHttp(port, "ops", client("ops", "operator", null));
    TestHttp pool = new TestHttp(port, "ocp", client("ocp", "pool", "\"gluster-ocp\""));
    String volume = "{\"name\":\"v\",\"sizeGiB\":1}";

    assertThat(viewer.get("/api/v1/pools").status()).isEqualTo(200);
    assertThat(viewer.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(403);
    assertThat(viewer.post("/api/v1/pools/gluster-ocp/volumes", volume).status()).isEqualTo(403);
    assertThat(viewer.get("/api/v1/clients").status()).isEqualTo(403);
    assertThat(viewer.get("/api/v1/audit").status()).isEqualTo(403);

    assertThat(operator.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(403);
    assertThat(operator.delete("/api/v1/hosts/node3").status()).isEqualTo(403);
    assertThat(operator.post("/api/v1/pools/gluster-ocp/volumes", volume).status())
        .as("allowed, then refused for not being reconciled").isEqualTo(409);

    assertThat(pool.get("/api/v1/pools/gluster-ocp").status()).isEqualTo(200);
    assertThat(pool.get("/api/v1/pools/gluster-ocp/storageclass", "application/yaml").status()).isEqualTo(200);
    assertThat(pool.post("/api/v1/pools/gluster-ocp/volumes", volume).status()).isEqualTo(409);
    assertThat(pool.get("/api/v1/pools/gluster-rhv").status()).isEqualTo(403);
    assertThat(pool.post("/api/v1/pools/gluster-rhv/volumes", volume).status()).isEqualTo(403);
    assertThat(pool.get("/api/v1/pools").status()).isEqualTo(403);
    assertThat(pool.get("/api/v1/hosts").status()).isEqualTo(403);
    assertThat(pool.put("/api/v1/pools/gluster-ocp", JSON, "{}").status()).isEqualTo(403);
    assertThat(pool.post("/api/v1/pools/gluster-ocp/reconcile", "").status()).isEqualTo(403);
    assertThat(pool.get("/actuator/prometheus", "text/plain").status()).isEqualTo(403);
    Response forbidden = pool.get("/api/v1/pools/gluster-rhv");
    assertThat(forbidden.isProblem()).isTrue();
    assertThat(forbidden.json().get("detail").asString()).contains("ocp");
  }

  @Test
  void aHeketiStyleJwtAuthenticatesTandemsApiToo() {
    String secret = client("ocp", "pool", "\"gluster-ocp\"");
    dev.tandem.proxy.GoLikeTokens tokens = new dev.tandem.proxy.GoLikeTokens("ocp", secret);
    String path = "/api/v1/pools/gluster-ocp";
    TestHttp bearer = new TestHttp(port, null, null);

    assertThat(bearer.send("GET", path, null, null, JSON, "bearer " + tokens.sign("GET", path)).status()).isEqualTo(200);
    Response replayed = bearer.send("GET", path + "/members", null, null, JSON, "bearer " + tokens.sign("GET", path));
    assertThat(replayed.status()).isEqualTo(401);
    assertThat(replayed.json().get("detail").asString()).isEqualTo("Invalid qsh claim in token");
    assertThat(bearer.send("GET", path, null, null, JSON, "bearer " + tokens.sign("GET", path) + "x").status())
        .isEqualTo(401);
  }

  @Test
  void everyMutationIsAuditedRefusedOnesToo() {
    String since = java.time.Instant.now().minusMillis(1).toString();
    admin.post("/api/v1/pools/gluster-ocp/devices", "{\"host\":\"node1\",\"device\":\"/dev/sdb\"}");
    anonymous.delete("/api/v1/hosts/node3");
    admin.get("/api/v1/pools");

    JsonNode events = admin.get("/api/v1/audit?limit=10").json();
    Map<String, String> newest = Map.of(
        "actor", events.get(0).get("actor").asString(), "method", events.get(0).get("method").asString(),
        "path", events.get(0).get("path").asString(), "status", events.get(0).get("status").asString());
    assertThat(newest).containsEntry("actor", "anonymous").containsEntry("method", "DELETE")
        .containsEntry("path", "/api/v1/hosts/node3").containsEntry("status", "401");
    assertThat(events.get(1).get("actor").asString()).isEqualTo("admin");
    assertThat(events.get(1).get("pool").asString()).isEqualTo("gluster-ocp");
    assertThat(events.get(1).get("object").asString()).isEqualTo("devices");
    assertThat(events.get(1).get("status").asInt()).isEqualTo(409);
    assertThat(events.valueStream().map(e -> e.get("method").asString())).doesNotContain("GET");
    assertThat(admin.get("/api/v1/audit?actor=anonymous&method=DELETE").json().get(0).get("path").asString())
        .isEqualTo("/api/v1/hosts/node3");
    assertThat(admin.get("/api/v1/audit?pool=gluster-rhv&api=tandem&since=" + since).json()).isEmpty();
  }
}
