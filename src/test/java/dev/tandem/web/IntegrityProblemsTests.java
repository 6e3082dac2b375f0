package dev.tandem.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestHttp;
import dev.tandem.TestHttp.Response;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A write the database refuses is answered with its real cause, through the whole stack: real
 * constraint violations of the real schema (through JDBC and through JPA), raised inside a request
 * by a controller only this test has. On H2 here, on PostgreSQL in {@link IntegrityProblemsOnPostgresTests}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(IntegrityProblemsTests.Writes.class)
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:integrity;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
class IntegrityProblemsTests {

  static final Map<String, String> WRITES = Map.of(
      "duplicate-host", "insert into host (name, address, ssh_user, ssh_port) values ('dup', 'dup.example', 'root', 22)",
      "missing-host", "insert into net_interface (host_id, name, kind) values (-1, 'eth0', 'PHYSICAL')",
      "port-out-of-range", "insert into host (name, address, ssh_user, ssh_port) values ('far', 'far', 'root', 70000)",
      "name-too-long", "insert into host (name, address, ssh_user, ssh_port) values ('" + "n".repeat(64)
          + "', 'long', 'root', 22)");

  /** Constraints only Tandem's own bookkeeping can break, never a request. */
  static final Set<String> INTERNAL = Set.of("uk_job_step", "ck_job_state", "pk_job_log",
      "ck_storage_operation_state", "ck_heketi_backup_outcome");

  /**
   * Runs one of {@link #WRITES} inside a request, through JDBC or through JPA (a @Repository, so
   * translated); its member classes are registered with it.
   */
  @TestConfiguration
  static class Writes {
    @Repository
    static class Jpa {
      @Autowired EntityManager em;

      @Transactional
      void run(String sql) {
        em.createNativeQuery(sql).executeUpdate();
        em.flush();
      }
    }

    @RestController
    static class WriteController {
      @Autowired JdbcTemplate jdbc;
      @Autowired Jpa jpa;

      @PostMapping("/api/v1/test-writes/{via}/{write}")
      void write(@PathVariable String via, @PathVariable String write) {
        if (via.equals("jpa")) {
          jpa.run(WRITES.get(write));
        } else {
          jdbc.update(WRITES.get(write));
        }
      }
    }
  }

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  TestHttp http;

  @BeforeEach
  void oneHostNamedDup() {
    http = new TestHttp(port);
    jdbc.update("delete from host where name = 'dup'");
    jdbc.update(WRITES.get("duplicate-host"));
  }

  Response write(String via, String write) {
    Response answer = http.post("/api/v1/test-writes/" + via + "/" + write, "");
    assertThat(answer.isProblem()).as(answer.toString()).isTrue();
    assertThat(answer.json().get("detail").asString()).doesNotContain("concurrent").doesNotContain("committed first");
    return answer;
  }

  @Test
  void aNamedUniqueConstraintNamesItsField() {
    for (String via : new String[] {"jdbc", "jpa"}) {
      Response answer = write(via, "duplicate-host");
      assertThat(answer.status()).as(via).isEqualTo(409);
      assertThat(answer.json().at("/errors/0/field").asString()).as(via).isEqualTo("name");
      assertThat(answer.json().get("detail").asString()).as(via).contains("a host of that name exists")
          .contains("uk_host_name");
    }
  }

  @Test
  void everyConstraintTheMigrationsNameIsMapped() throws IOException {
    Set<String> named = new TreeSet<>();
    for (Resource migration : new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/*.sql")) {
      String sql = migration.getContentAsString(UTF_8).replaceAll("--[^\n]*", ""); // comments name no constraint
      Matcher m = Pattern.compile("(?i)constraint\\s+(\\w+)").matcher(sql);
      while (m.find()) {
        named.add(m.group(1).toLowerCase());
      }
    }
    named.removeAll(INTERNAL);
    assertThat(named).isNotEmpty();
    assertThat(IntegrityProblems.CONSTRAINTS.keySet()).containsAll(named);
  }

  @Test
  void aBrokenReferenceIsNotCalledAUniquenessConflict() {
    for (String via : new String[] {"jdbc", "jpa"}) {
      Response answer = write(via, "missing-host");
      assertThat(answer.status()).as(via).isEqualTo(409);
      assertThat(answer.json().get("detail").asString()).as(via).contains("reference").doesNotContain("unique")
          .doesNotContain("exists");
    }
  }

  @Test
  void valuesOutOfRangeOrTooLongAreTheRequestsFault() {
    for (String via : new String[] {"jdbc", "jpa"}) {
      Response range = write(via, "port-out-of-range");
      Response length = write(via, "name-too-long");
      assertThat(range.status()).as(via + " " + range).isEqualTo(422);
      assertThat(range.json().get("detail").asString()).contains("range");
      assertThat(length.status()).as(via + " " + length).isEqualTo(422);
      assertThat(length.json().get("detail").asString()).contains("longer");
    }
  }
}
