package dev.tandem.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.TandemApplication;
import dev.tandem.TestPostgres;
import dev.tandem.security.ClientRequest;
import dev.tandem.security.ClientService;
import dev.tandem.security.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Several replicas on one PostgreSQL share one identity: the master key comes from configuration
 * (Tandem refuses to generate one there unless told to), the bootstrap admin secret, Tandem's SSH key
 * pair and Heketi's keys are created once, by whichever replica gets there first, and a replica
 * holding another master key refuses to start.
 */
class SharedSecretsOnPostgresTests {

  static final String KEY = "shared-test-master-key";

  @TempDir Path dataA;
  @TempDir Path dataB;
  @TempDir Path dataC;

  @Test
  void withoutAMasterKeyTandemRefusesToStartOnPostgres() {
    String url = TestPostgres.freshSchemaUrl();
    assertThatThrownBy(() -> start(url, dataA, "--tandem.security.master-key=").close()).rootCause()
        .hasMessageContaining("the database is PostgreSQL and no master key is configured")
        .hasMessageContaining("tandem.security.master-key (environment TANDEM_SECURITY_MASTER_KEY)")
        .hasMessageContaining("tandem.security.master-key-file")
        .hasMessageContaining("openssl rand -base64 32")
        .hasMessageContaining("tandem.security.allow-generated-master-key=true");
    assertThat(dataA.resolve("master.key")).doesNotExist();
  }

  @Test
  void aGeneratedMasterKeyIsAllowedOnPostgresWhenSaidSo() {
    String url = TestPostgres.freshSchemaUrl();
    try (ConfigurableApplicationContext context = start(url, dataA, "--tandem.security.master-key=",
        "--tandem.security.allow-generated-master-key=true")) {
      assertThat(context.getBean(ClientService.class).key(ClientService.BOOTSTRAP_ADMIN)).isPresent();
    }
    assertThat(dataA.resolve("master.key")).exists();
  }

  @Test
  void replicasShareTheAdminTheSshKeyPairAndHeketisKeysAndSeeEachOthersClientsWithinTheCacheBound() throws Exception {
    String url = TestPostgres.freshSchemaUrl();
    Path keyFile = dataC.resolve("master-key");
    Files.writeString(keyFile, KEY + "\n");
    CompletableFuture<ConfigurableApplicationContext> startingA =
        CompletableFuture.supplyAsync(() -> start(url, dataA, "--tandem.security.master-key=" + KEY));
    CompletableFuture<ConfigurableApplicationContext> startingB = CompletableFuture.supplyAsync(() -> start(url,
        dataB, "--tandem.security.master-key=", "--tandem.security.master-key-file=" + keyFile));
    try (ConfigurableApplicationContext a = startingA.join(); ConfigurableApplicationContext b = startingB.join()) {
      String admin = both(a, b, c -> c.getBean(ClientService.class).key(ClientService.BOOTSTRAP_ADMIN).orElseThrow());
      List<Path> written = Stream.of(dataA, dataB).map(d -> d.resolve("admin.secret")).filter(Files::exists).toList();
      assertThat(written).as("written by the replica that generated it").hasSize(1);
      assertThat(Files.readString(written.get(0)).strip()).isEqualTo(admin);

      both(a, b, c -> c.getBean(PlatformSecrets.class).heketi());
      both(a, b, c -> c.getBean(PlatformSecrets.class).tandemPublicKey());
      both(a, b, c -> new String(c.getBean(PlatformSecrets.class).tandemPrivateKey()));
      assertThat(dataA.resolve("tandem_ssh_key")).doesNotExist();
      assertThat(dataB.resolve("tandem_ssh_key")).doesNotExist();

      ClientService onA = a.getBean(ClientService.class);
      ClientService onB = b.getBean(ClientService.class);
      String secret = onA.create(new ClientRequest("shared", Role.VIEWER, List.of())).secret();
      assertThat(onB.authenticate("shared", secret)).as("created on A, authenticates on B").isPresent();
      String rotated = onB.rotate("shared").secret();
      assertThat(onA.authenticate("shared", secret)).as("rotated on B: the old secret, on A").isEmpty();
      assertThat(onA.authenticate("shared", rotated)).as("rotated on B: the new secret, on A").isPresent();
      onB.revoke("shared");
      assertThat(onB.authenticate("shared", rotated)).as("revoked on B, on B at once").isEmpty();
      // A read the client before: it keeps it at most tandem.coordination.cache-staleness (3 s)
      Instant bound = Instant.now().plusMillis(3_500);
      while (onA.credentials("shared").isPresent() && Instant.now().isBefore(bound)) {
        Thread.sleep(50);
      }
      assertThat(onA.credentials("shared")).as("revoked on B, for A's JWT check, within 3 s").isEmpty();
      assertThat(onA.authenticate("shared", rotated)).as("revoked on B, on A, within 3 s").isEmpty();

      assertThatThrownBy(() -> start(url, dataC, "--tandem.security.master-key=another-master-key").close())
          .as("a replica with another master key").rootCause()
          .hasMessageContaining("its master key cannot decrypt the secrets already in the database")
          .hasMessageContaining("tandem.security.master-key (environment TANDEM_SECURITY_MASTER_KEY)");

      JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
      jdbc.update("delete from security_secret where name = 'master-key-check'");
      assertThatThrownBy(() -> start(url, dataC, "--tandem.security.master-key=another-master-key").close())
          .as("a database of an older version, without a check value: its secrets tell").rootCause()
          .hasMessageContaining("its master key cannot decrypt the secrets already in the database");
      assertThat(jdbc.queryForObject("select count(*) from security_secret where name = 'master-key-check'",
          Integer.class)).as("the refused replica stored no check value of its own").isZero();
    }
  }

  /** The value read on both replicas at once (the first call on a fresh platform creates it): the same. */
  private static <T> T both(ConfigurableApplicationContext a, ConfigurableApplicationContext b,
      Function<ConfigurableApplicationContext, T> read) {
    List<CompletableFuture<T>> reads = new ArrayList<>();
    for (ConfigurableApplicationContext context : List.of(a, b)) {
      reads.add(CompletableFuture.supplyAsync(() -> read.apply(context)));
    }
    T onA = reads.get(0).join();
    assertThat(reads.get(1).join()).isEqualTo(onA).isNotNull();
    return onA;
  }

  private static ConfigurableApplicationContext start(String url, Path dataDir, String... more) {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + url,
        "--spring.datasource.username=" + TestPostgres.USER, "--spring.datasource.password=" + TestPostgres.PASSWORD,
        "--tandem.security.admin-secret=", "--tandem.security.data-dir=" + dataDir,
        "--tandem.provisioning.ssh-key-file=" + dataDir.resolve("tandem_ssh_key")));
    args.addAll(List.of(more));
    // Two contexts setting up logging at once in one JVM race on logback's single LoggerContext (CI saw
    // "Unable to find Spring Environment in logger context"): they take turns until logging is set up
    // (the context is initialised), then start at once, so the secrets are still raced for.
    LOGGING_SET_UP.acquireUninterruptibly();
    AtomicBoolean held = new AtomicBoolean(true);
    Runnable release = () -> {
      if (held.getAndSet(false)) {
        LOGGING_SET_UP.release();
      }
    };
    try {
      return new SpringApplicationBuilder(TandemApplication.class)
          .listeners((ApplicationListener<ApplicationEvent>) event -> {
            if (event instanceof ApplicationContextInitializedEvent) {
              release.run();
            }
          })
          .run(args.toArray(String[]::new));
    } finally {
      release.run();
    }
  }

  private static final Semaphore LOGGING_SET_UP = new Semaphore(1);
}
