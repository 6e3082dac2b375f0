package dev.tandem.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.coordination.ClaimedWork.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The claimed-work lane as replicas see it: several lanes on one table stand for several replicas.
 * Work runs once, a live claim is never taken, a dead one is, and a stopping replica hands its work back.
 * Run on H2 and on PostgreSQL.
 */
abstract class ClaimedWorkContract {

  static final String TABLE = "job_claim";
  /** Short, so a dead claim is seen in about a second. */
  static final CoordinationProperties FAST = new CoordinationProperties(null, Duration.ofMillis(250), 4,
      Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(3));

  private final List<ClaimedWork> lanes = new ArrayList<>();
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private DataSource dataSource;

  abstract DataSource database();

  @BeforeEach
  void schema() throws Exception {
    dataSource = database();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("drop table if exists " + TABLE);
      s.execute("drop table if exists operation_claim");
      for (String sql : migration().split(";")) {
        if (!sql.isBlank()) {
          s.execute(sql);
        }
      }
    }
  }

  @AfterEach
  void stop() {
    lanes.forEach(ClaimedWork::stop);
  }

  @Test
  void workScheduledOnOneReplicaRunsExactlyOnceOnSomeReplica() {
    ClaimedWork a = lane("a", (id, stopping) -> counted(id));
    lane("b", (id, stopping) -> counted(id));
    lane("c", (id, stopping) -> counted(id));
    for (int i = 0; i < 30; i++) {
      assertThat(a.schedule("work", "w" + i)).isTrue();
    }
    await().atMost(20, TimeUnit.SECONDS).until(() -> runs.size() == 30 && remaining() == 0);
    assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
  }

  @Test
  void aLaneStoppedAndStartedAgainRunsWorkAgain() {
    ClaimedWork a = lane("a", (id, stopping) -> counted(id));
    a.stop();   // as Spring stops a context's lifecycle beans (and its test cache pauses an unused one)
    assertThat(a.isRunning()).isFalse();

    a.start();
    assertThat(a.schedule("work", "after-restart")).isTrue();

    await().atMost(20, TimeUnit.SECONDS).until(() -> runs.containsKey("after-restart") && remaining() == 0);
  }

  @Test
  void stoppingALaneDoesNotReachForTheDatabaseWhichMayBeGoneByThen() {
    Thread caller = Thread.currentThread();
    AtomicInteger asked = new AtomicInteger();
    DataSource counting = new DelegatingDataSource(dataSource) {
      @Override
      public Connection getConnection() throws SQLException {
        if (Thread.currentThread() == caller) {
          asked.incrementAndGet();
        }
        return super.getConnection();
      }
    };
    ClaimedWork lane = ClaimedWork.create(counting, FAST, TABLE, 2,
        List.of(ClaimedWork.task("work", (id, s) -> counted(id))));
    lane.start();
    int atStart = asked.get();
    lane.stop();
    assertThat(asked.get()).as("connections the stopping thread asked for").isEqualTo(atStart);
  }

  @Test
  void aLiveClaimIsNeverTakenOverWhileItsWorkRunsLongerThanTheDeadTimeout() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    ClaimedWork.Work longWork = (id, stopping) -> {
      started.countDown();
      sleep(FAST.deadAfter().multipliedBy(4));
      return counted(id);
    };
    ClaimedWork a = lane("a", longWork);
    lane("b", longWork);   // whichever replica claims it first, the other must not take it over
    a.schedule("work", "long");
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(20, TimeUnit.SECONDS).until(() -> remaining() == 0);
    assertThat(runs.get("long").get()).as("runs of the long work").isEqualTo(1);
  }

  @Test
  void aClaimWhoseHeartbeatsStoppedIsTakenOverByAnotherReplica() throws Exception {
    // what a replica killed mid-work leaves: its claim, with heartbeats long stopped
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("insert into " + TABLE
        + " (task_name, task_instance, execution_time, picked, picked_by, last_heartbeat, version)"
        + " values ('work', 'orphan', ?, true, 'killed-replica', ?, 1)")) {
      Timestamp longAgo = Timestamp.from(Instant.now().minusSeconds(60));
      s.setTimestamp(1, longAgo);
      s.setTimestamp(2, longAgo);
      s.executeUpdate();
    }
    Instant start = Instant.now();
    lane("b", (id, stopping) -> counted(id));
    await().atMost(20, TimeUnit.SECONDS).until(() -> runs.containsKey("orphan") && remaining() == 0);
    assertThat(runs.get("orphan").get()).isEqualTo(1);
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void aStoppingReplicaHandsItsWorkBackAndAnotherFinishesIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger handedBack = new AtomicInteger();
    ClaimedWork a = lane("a", (id, stopping) -> {
      started.countDown();
      while (!stopping.getAsBoolean()) {
        sleep(Duration.ofMillis(20));
      }
      handedBack.incrementAndGet();
      return Outcome.HANDED_BACK;
    });
    a.schedule("work", "handed");
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    a.stop();
    assertThat(handedBack.get()).isEqualTo(1);
    lane("b", (id, stopping) -> counted(id));
    // taken at the next poll, not after the dead-claim timeout
    await().atMost(FAST.deadAfter().dividedBy(2).plusMillis(800)).until(() -> runs.containsKey("handed"));
  }

  @Test
  void workThatThrowsIsKeptForAnotherTry() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    ClaimedWork a = lane("a", (id, stopping) -> {
      tries.incrementAndGet();
      throw new IllegalStateException("failed in Tandem");
    });
    a.schedule("work", "throws");
    await().atMost(10, TimeUnit.SECONDS).until(() -> tries.get() == 1);
    assertThat(remaining()).as("the work's row is kept for a later try").isEqualTo(1);
  }

  @Test
  void workScheduledInATransactionRunsAsSoonAsTheTransactionCommitsNotAtTheNextPoll() throws Exception {
    CoordinationProperties slowPolling = new CoordinationProperties("a", FAST.heartbeat(), FAST.missedHeartbeats(),
        Duration.ofSeconds(30), FAST.shutdownWait(), FAST.cacheStaleness());
    ClaimedWork lane = ClaimedWork.create(dataSource, slowPolling, TABLE, 2,
        List.of(ClaimedWork.task("work", (id, stopping) -> counted(id))));
    lane.start();
    lanes.add(lane);
    sleep(Duration.ofMillis(500)); // past the lane's first look for work at its start
    new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(status -> {
      assertThat(lane.schedule("work", "in-transaction")).isTrue();
      sleep(Duration.ofMillis(300)); // the look for work that scheduling triggers cannot see it yet
    });
    await().atMost(5, TimeUnit.SECONDS).until(() -> runs.containsKey("in-transaction"));
  }

  @Test
  void repeatedWorkRunsAgainAtTheInstantItAsksForOnAnyReplicaUntilItEnds() throws Exception {
    List<Instant> runsAt = new java.util.concurrent.CopyOnWriteArrayList<>();
    Duration later = Duration.ofMillis(600);
    ClaimedWork.RepeatedWork work = (id, stopping) -> {
      runsAt.add(Instant.now());
      return runsAt.size() < 3 ? Instant.now().plus(later) : null;
    };
    ClaimedWork a = repeatedLane("a", work);
    repeatedLane("b", work);
    assertThat(a.schedule("repeated", "r")).isTrue();
    await().atMost(20, TimeUnit.SECONDS).until(() -> runsAt.size() == 3 && remaining() == 0);
    assertThat(Duration.between(runsAt.get(0), runsAt.get(1))).isGreaterThanOrEqualTo(later);
    assertThat(Duration.between(runsAt.get(1), runsAt.get(2))).isGreaterThanOrEqualTo(later);
    Thread.sleep(later.multipliedBy(2).toMillis());
    assertThat(runsAt).as("no run after it ended").hasSize(3);
  }

  private ClaimedWork repeatedLane(String replica, ClaimedWork.RepeatedWork work) {
    CoordinationProperties properties = new CoordinationProperties(replica, FAST.heartbeat(), FAST.missedHeartbeats(),
        FAST.polling(), FAST.shutdownWait(), FAST.cacheStaleness());
    ClaimedWork lane = ClaimedWork.create(dataSource, properties, TABLE, 2,
        List.of(ClaimedWork.repeatedTask("repeated", work)));
    lane.start();
    lanes.add(lane);
    return lane;
  }

  private Outcome counted(String id) {
    runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    return Outcome.DONE;
  }

  private ClaimedWork lane(String replica, ClaimedWork.Work work) {
    CoordinationProperties properties = new CoordinationProperties(replica, FAST.heartbeat(), FAST.missedHeartbeats(),
        FAST.polling(), FAST.shutdownWait(), FAST.cacheStaleness());
    ClaimedWork lane = ClaimedWork.create(dataSource, properties, TABLE, 2, List.of(ClaimedWork.task("work", work)));
    lane.start();
    lanes.add(lane);
    return lane;
  }

  private int remaining() throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        var rs = s.executeQuery("select count(*) from " + TABLE)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String migration() throws IOException {
    try (InputStream in = ClaimedWorkContract.class.getResourceAsStream("/db/migration/V9__claimed_work.sql")) {
      StringBuilder sql = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("--")) {
          sql.append(line).append('\n');
        }
      }
      return sql.toString();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
