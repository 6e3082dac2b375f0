package dev.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.heketi.HeketiProperties;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tandem's early polls of the operations it started ({@code tandem.proxy.early-poll}): while a request
 * waits for a place, each is polled soon after it started and then backing off, until it is final or
 * the pause would pass {@code tandem.heketi.poll-interval}; with nobody waiting, or the setting 0, not
 * at all. With poll-interval 40 ms the pauses are 5, 10, 20 and 40 ms: at most 4 polls, the last 75 ms
 * after the start.
 */
class EarlyPollsTests {

  /** Longer than every pause together (75 ms), with room for a slow machine. */
  private static final long AFTER_THE_LAST_MILLIS = 300;

  private Thread waiter;
  private EarlyPolls early;

  @AfterEach
  void stop() throws InterruptedException {
    if (early != null) {
      early.stop();
    }
    if (waiter != null) {
      waiter.interrupt();
      waiter.join(5000);
    }
  }

  @Test
  void whileARequestWaitsAnOperationIsPolledSoonUntilItIsFinal() throws Exception {
    startedWhileARequestWaits();
    AtomicInteger polls = new AtomicInteger();
    CountDownLatch finalAnswer = new CountDownLatch(1);
    long started = System.nanoTime();

    early.watch("q1", () -> {
      if (polls.incrementAndGet() < 3) {
        return false;
      }
      finalAnswer.countDown();
      return true;
    });
    assertThat(early.watches("q1")).as("its early polls are to come: the waiters' poller leaves it").isTrue();

    assertThat(finalAnswer.await(5, TimeUnit.SECONDS)).as("final at the third poll").isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("three polls, not a client's 400 ms")
        .isLessThan(Duration.ofMillis(400));
    Thread.sleep(AFTER_THE_LAST_MILLIS);
    assertThat(polls).as("none after the final answer").hasValue(3);
    assertThat(early.watches("q1")).isFalse();
  }

  @Test
  void aPendingOperationIsPolledEarlyNoLongerThanThePollInterval() throws Exception {
    startedWhileARequestWaits();
    AtomicInteger polls = new AtomicInteger();

    early.watch("q1", () -> polls.incrementAndGet() < 0);

    for (int i = 0; i < 1000 && early.watches("q1"); i++) {   // over in 75 ms; up to 5 s on a slow machine
      Thread.sleep(5);
    }
    assertThat(early.watches("q1")).as("over: the waiters' poller takes it again").isFalse();
    assertThat(polls).as("after 5, 10, 20 and 40 ms; the next pause, 80 ms, is over poll-interval").hasValue(4);
  }

  @Test
  void withNobodyWaitingOrTheSettingZeroNothingIsPolledEarly() throws Exception {
    Admission admission = admission();
    early = started(admission, Duration.ofMillis(5));
    AtomicInteger polls = new AtomicInteger();
    early.watch("q1", () -> polls.incrementAndGet() < 0);
    Thread.sleep(AFTER_THE_LAST_MILLIS);
    assertThat(polls).as("nobody waited").hasValue(0);

    early.stop();
    early = started(admission, Duration.ZERO);
    requestWaits(admission);
    early.watch("q2", () -> polls.incrementAndGet() < 0);
    Thread.sleep(AFTER_THE_LAST_MILLIS);
    assertThat(polls).as("early-poll: 0").hasValue(0);
  }

  @Test
  void theEarlyPollsOfHeketisWholeLimitRunAtOnceASlowOneHoldsUpNoOther() throws Exception {
    startedWhileARequestWaits();
    int limit = heketi().maxInFlight();
    CountDownLatch allAsking = new CountDownLatch(limit);
    CountDownLatch heketiAnswers = new CountDownLatch(1);
    try {
      for (int i = 0; i < limit; i++) {
        early.watch("q" + i, () -> {
          allAsking.countDown();
          try {
            return heketiAnswers.await(5, TimeUnit.SECONDS);   // a poll slow to get its answer
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
      }

      assertThat(allAsking.await(2, TimeUnit.SECONDS)).as("every operation's first early poll under way at once, "
          + "none queued behind another's").isTrue();
    } finally {
      heketiAnswers.countDown();
    }
  }

  @Test
  void theyTakeAtMostHalfTheDatabaseConnections() {
    assertThat(new EarlyPolls(admission(), proxy(Duration.ofMillis(5)), heketi(), 10).threads())
        .as("of Hikari's default 10, with Heketi's 8 places").isEqualTo(5);
    assertThat(new EarlyPolls(admission(), proxy(Duration.ofMillis(5)), heketi(), 40).threads())
        .as("one per place of Heketi's").isEqualTo(8);
    assertThat(new EarlyPolls(admission(), proxy(Duration.ofMillis(5)), heketi(), 1).threads()).isEqualTo(1);
  }

  private void startedWhileARequestWaits() throws InterruptedException {
    Admission admission = admission();
    early = started(admission, Duration.ofMillis(5));
    requestWaits(admission);
  }

  /** A request waiting (up to its 10 s admission-wait) for a place that never comes, until interrupted. */
  private void requestWaits(Admission admission) throws InterruptedException {
    waiter = new Thread(() -> admission.await(Optional::empty, deadline -> false));
    waiter.setDaemon(true);
    waiter.start();
    for (int i = 0; i < 200 && admission.waiting() == 0; i++) {
      Thread.sleep(5);
    }
    assertThat(admission.waiting()).isEqualTo(1);
  }

  private static Admission admission() {
    return new Admission(proxy(Duration.ofMillis(5)), heketi());
  }

  private static EarlyPolls started(Admission admission, Duration earlyPoll) {
    EarlyPolls polls = new EarlyPolls(admission, proxy(earlyPoll), heketi(), 2 * heketi().maxInFlight());
    polls.start();
    return polls;
  }

  private static ProxyProperties proxy(Duration earlyPoll) {
    return new ProxyProperties(4, true, Duration.ofSeconds(5), Duration.ofSeconds(10), 64, earlyPoll,
        Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofSeconds(10), 2, Duration.ofHours(24));
  }

  private static HeketiProperties heketi() {
    return new HeketiProperties(URI.create("http://127.0.0.1:1"), "key", "admin", Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMillis(40), 0, Duration.ofSeconds(1), 8, "test");
  }
}
