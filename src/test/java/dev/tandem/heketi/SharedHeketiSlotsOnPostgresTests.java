package dev.tandem.heketi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TestPostgres;
import dev.tandem.heketi.HeketiModel.DeviceAddRequest;
import dev.tandem.heketi.HeketiModel.Hostnames;
import dev.tandem.heketi.HeketiModel.NodeAddRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Heketi's in-flight limit holds across two replicas on one PostgreSQL schema, for Tandem's own
 * operations and forwarded ones together: each replica is a client with its own connections.
 */
class SharedHeketiSlotsOnPostgresTests {

  static final int LIMIT = 3;
  static final FakeHeketi HEKETI = new FakeHeketi(2048).listen();
  static String url;

  record Replica(HeketiClient client, SharedHeketiSlots slots, JdbcTemplate jdbc) {}

  Replica a;
  Replica b;

  @BeforeAll
  static void schema() {
    url = TestPostgres.freshSchemaUrl();
    String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    Flyway.configure().dataSource(url, TestPostgres.USER, TestPostgres.PASSWORD).schemas(schema)
        .locations("classpath:db/migration").load().migrate();
  }

  @AfterAll
  static void stop() {
    HEKETI.shutdown();
  }

  @BeforeEach
  void twoReplicas() {
    HEKETI.reset();
    HEKETI.maxInFlight(64);
    a = replica();
    b = replica();
    a.jdbc().update("delete from heketi_slot");
    String cluster = a.client().createCluster(true, false).id();
    String node = a.client().addNode(new NodeAddRequest(1, new Hostnames(List.of("10.0.0.1"), List.of("10.0.0.1")),
        cluster, Map.of())).id();
    a.client().addDevice(new DeviceAddRequest(node, "/dev/vdb", Map.of(), false));
    HEKETI.resetPeakInFlight();
  }

  @Test
  void twoReplicasTogetherNeverExceedTheLimitForTheirOwnAndForwardedOperations() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(16);
    List<Future<?>> done = new ArrayList<>();
    for (Replica replica : List.of(a, b)) {
      for (int i = 0; i < 4; i++) {
        String name = "own" + done.size();
        done.add(threads.submit(() -> replica.client().createVolume(volume(name))));
        String forwarded = "fwd" + done.size();
        done.add(threads.submit(() -> forward(replica, forwarded)));
      }
    }
    for (Future<?> f : done) {
      f.get();
    }
    threads.shutdown();

    assertThat(HEKETI.peakInFlight()).isEqualTo(LIMIT);
    assertThat(a.client().volumes().volumes()).hasSize(16);
    assertThat(a.jdbc().queryForObject("select count(*) from heketi_slot", Integer.class)).isZero();
  }

  @Test
  void aPlaceIsGivenBackByTheReplicaThatSeesItsOperationEnd() {
    String queue = a.client().start("POST", "/volumes", volume("moved"), "create moved");
    assertThat(slotsHeld()).isEqualTo(1);

    assertThat(b.client().poll(queue, "follow moved")).isInstanceOf(HeketiPoll.Pending.class);
    assertThat(slotsHeld()).isEqualTo(1);
    assertThat(b.client().poll(queue, "follow moved")).isInstanceOf(HeketiPoll.Resource.class);
    assertThat(slotsHeld()).isZero();
    a.client().finish();
    assertThat(slotsHeld()).isZero();
  }

  @Test
  void aForwardedOperationIsRefusedOnceThePoolsShareIsTakenOnAnyReplica() {
    Duration ttl = Duration.ofHours(1);
    assertThat(a.slots().tryTake("ocp", 2, ttl)).isPresent();
    assertThat(b.slots().tryTake("ocp", 2, ttl)).isPresent();
    assertThat(a.slots().tryTake("ocp", 2, ttl)).isEmpty();
    assertThat(b.slots().tryTake("rhv", 2, ttl)).isPresent();
    assertThat(a.slots().tryTake("rhv", 2, ttl)).as("Heketi's limit of %s is taken", LIMIT).isEmpty();
  }

  @Test
  void overItsShareAPoolBorrowsUnusedPlacesButLeavesOneForEachOtherPoolWithNothingInFlight() {
    Duration ttl = Duration.ofHours(1);
    Set<String> pools = Set.of("ocp", "rhv");
    assertThat(a.slots().tryTake("ocp", 1, pools, ttl)).as("its share").isPresent();
    assertThat(b.slots().tryTake("ocp", 1, null, ttl)).as("no borrowing: the share alone").isEmpty();
    assertThat(b.slots().tryTake("ocp", 1, pools, ttl)).as("borrowed").isPresent();
    assertThat(a.slots().tryTake("ocp", 1, pools, ttl)).as("the last of %s is kept for rhv", LIMIT).isEmpty();
    assertThat(b.slots().tryTake("rhv", 1, pools, ttl)).isPresent();
    assertThat(a.slots().tryTake("rhv", 2, pools, ttl)).as("Heketi's limit of %s is taken", LIMIT).isEmpty();
  }

  @Test
  void aPlaceWhoseEndNobodySawStopsCountingAtItsExpiry() throws Exception {
    for (int i = 0; i < LIMIT; i++) {
      assertThat(a.slots().tryTake(null, 0, Duration.ofSeconds(2))).isPresent();
    }
    assertThat(b.slots().tryTake(null, 0, Duration.ofHours(1))).as("before their expiry").isEmpty();
    Optional<String> taken = Optional.empty();
    for (int i = 0; i < 100 && taken.isEmpty(); i++) {   // they expire 2 s after their take
      Thread.sleep(100);
      taken = b.slots().tryTake(null, 0, Duration.ofHours(1));
    }
    assertThat(taken).as("a place once one of them expired").isPresent();
    int purged = 0;
    for (int i = 0; i < 100 && purged < LIMIT; i++) {   // the others expire a little later
      purged += b.slots().purge();
      Thread.sleep(purged < LIMIT ? 100 : 0);
    }
    assertThat(purged).as("the expired places deleted").isEqualTo(LIMIT);
    assertThat(slotsHeld()).as("the place taken since, kept").isEqualTo(1);
  }

  /** As the Heketi-compatible API forwards a create: a place first, then Heketi, then polls until final. */
  private static Void forward(Replica replica, String name) throws InterruptedException {
    Optional<String> slot;
    while ((slot = replica.slots().tryTake("ocp", LIMIT, Duration.ofHours(1))).isEmpty()) {
      Thread.sleep(20); // a 429: the client retries
    }
    byte[] body = ("{\"size\":1,\"name\":\"" + name + "\",\"durability\":{\"type\":\"none\"}}")
        .getBytes(StandardCharsets.UTF_8);
    HeketiClient.Raw accepted = replica.client().exchange("POST", "/volumes", body, "application/json", "forward");
    assertThat(accepted.status()).as(new String(accepted.body(), StandardCharsets.UTF_8)).isEqualTo(202);
    String queue = URI.create(accepted.header("Location")).getRawPath();
    replica.slots().attach(slot.get(), queue);
    while ("true".equals(replica.client().exchange("GET", queue, null, null, "poll").header("X-Pending"))) {
      Thread.sleep(100);
    }
    replica.slots().ended(queue);
    return null;
  }

  private int slotsHeld() {
    return a.jdbc().queryForObject("select count(*) from heketi_slot", Integer.class);
  }

  private static HeketiModel.VolumeCreateRequest volume(String name) {
    return new HeketiModel.VolumeCreateRequest(1, name, new HeketiModel.DurabilityInfo("none", null, null), null,
        null, null, null);
  }

  private static Replica replica() {
    DriverManagerDataSource dataSource = new DriverManagerDataSource(url, TestPostgres.USER, TestPostgres.PASSWORD);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    HeketiProperties properties = new HeketiProperties(URI.create(HEKETI.url()), FakeHeketi.ADMIN_KEY, "admin",
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(100), 0,
        Duration.ofMillis(50), LIMIT, "replica");
    SharedHeketiSlots slots = new SharedHeketiSlots(jdbc,
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)), properties);
    return new Replica(new HeketiClient(properties, new HeketiTokens("admin", FakeHeketi.ADMIN_KEY,
        Clock.systemUTC()), slots), slots, jdbc);
  }
}
