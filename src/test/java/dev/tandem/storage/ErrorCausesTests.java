package dev.tandem.storage;

import static dev.tandem.TestHttp.JSON;
import static dev.tandem.TestHttp.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors name their real cause: values too long for their column answer 422 naming the field before
 * the database sees them, and deleting a pool is refused while its volume operations run and says
 * what went with it. No Heketi is contacted: the rows a Heketi run would leave are written directly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"spring.datasource.url=jdbc:h2:mem:error-causes;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
    "tandem.heketi.url=http://127.0.0.1:9"})
class ErrorCausesTests {

  static final String YAML_OR_PROBLEM = YAML + ", application/problem+json";

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  TestHttp http;

  @BeforeEach
  void platform() {
    http = new TestHttp(port);
    jdbc.update("delete from storage_operation");
    jdbc.update("delete from volume");
    http.delete("/api/v1/clients/rhv-consumer");
    assertThat(http.put("/api/v1/platform?cascade=true", JSON, "{}").status()).isEqualTo(200);
    assertThat(http.put("/api/v1/platform", YAML, TestHttp.example()).status()).isEqualTo(200);
  }

  @Test
  void optionsLongerThanTheirColumnAnswer422NamingOptions() {
    jdbc.update("insert into pool_heketi_cluster (pool_id, cluster_id) select id, ? from pool where name = ?",
        "c0ffee00c0ffee00c0ffee00c0ffee00", "gluster-rhv");
    List<String> options = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      options.add("performance.option-" + i + " " + "v".repeat(255));
    }
    Response refused = http.post("/api/v1/pools/gluster-rhv/volumes", json(Map.of("name", "big", "sizeGiB", 1,
        "options", options)));

    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(refused.isProblem()).isTrue();
    assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("options");
    assertThat(refused.json().get("detail").asString()).contains("4000").doesNotContain("exists");
    assertThat(jdbc.queryForObject("select count(*) from volume", Integer.class)).isZero();
  }

  @Test
  void aPoolNameTooLongForItsDefaultClientNameAnswers422NamingClient() {
    String pool = "p" + "o".repeat(61) + "l";
    Response created = http.post("/api/v1/pools", json(Map.of("name", pool, "subnet", "198.18.5.0/24",
        "interface", "eth1", "dockerNetwork", "long-pool-net")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);

    Response refused = http.send("POST", "/api/v1/pools/" + pool + "/storageclass", null, null, YAML_OR_PROBLEM);

    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("client");
    assertThat(refused.json().get("detail").asString()).doesNotContain("already exists");
    Response named = http.send("POST", "/api/v1/pools/" + pool + "/storageclass?client=long-pool-provisioner", null,
        null, YAML_OR_PROBLEM);
    assertThat(named.status()).as(named.toString()).isEqualTo(200);
    http.delete("/api/v1/clients/long-pool-provisioner");
  }

  @Test
  void aPoolIsNotDeletedWhileOneOfItsVolumeOperationsRuns() {
    volumeWithOperation("vm-disks", "RUNNING");

    Response refused = http.delete("/api/v1/pools/gluster-rhv?cascade=true");
    Response applied = http.put("/api/v1/platform?cascade=true", JSON, "{}");

    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.json().get("detail").asString()).contains("create vm-disks").contains("/api/v1/operations/");
    assertThat(applied.status()).as("a whole spec without the pool is refused too").isEqualTo(409);
    assertThat(jdbc.queryForObject("select count(*) from volume where pool_name = 'gluster-rhv'", Integer.class))
        .isEqualTo(1);
    assertThat(http.get("/api/v1/pools/gluster-rhv").status()).isEqualTo(200);
  }

  @Test
  void deletingAPoolSaysWhatWentWithIt() {
    volumeWithOperation("vm-disks", "SUCCEEDED");
    assertThat(http.post("/api/v1/clients", "{\"name\":\"rhv-consumer\",\"role\":\"pool\",\"pools\":[\"gluster-rhv\"]}")
        .status()).isEqualTo(201);

    Response deleted = http.delete("/api/v1/pools/gluster-rhv?cascade=true");

    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    JsonNode removed = deleted.json().get("removed");
    assertThat(deleted.json().get("pool").asString()).isEqualTo("gluster-rhv");
    assertThat(removed.get("members").asInt()).isEqualTo(3);
    assertThat(removed.get("deviceAssignments").asInt()).isEqualTo(3);
    assertThat(removed.get("volumeRecords").asInt()).isEqualTo(1);
    assertThat(removed.get("clientScopes").asInt()).isEqualTo(1);
    assertThat(jdbc.queryForObject("select count(*) from volume", Integer.class)).isZero();
  }

  private void volumeWithOperation(String volume, String state) {
    jdbc.update("insert into volume (pool_name, name, size_gib, durability, options, mount_point, state, created_at)"
        + " values ('gluster-rhv', ?, 1, 'replicate:3', '', '/mnt/x', 'CREATING', current_timestamp)", volume);
    jdbc.update("insert into storage_operation (id, kind, pool_name, volume_name, state, created_at, updated_at)"
        + " values (?, 'CREATE', 'gluster-rhv', ?, ?, current_timestamp, current_timestamp)",
        "op-" + System.nanoTime(), volume, state);
  }

  private static String json(Map<String, Object> body) {
    return JsonMapper.builder().build().writeValueAsString(body);
  }
}
