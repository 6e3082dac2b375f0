package dev.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.heketi.HeketiProperties;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How often waiting requests ask for a place ({@link Admission}): one waiter at a time by the clock,
 * every {@link Admission#RETRY_EVERY}, the others only when a place is given back on this replica; a
 * waiter that found a place by the clock wakes the next one.
 */
class AdmissionTests {

  private static final int WAITERS = 16;
  private final List<Thread> threads = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Thread thread : threads) {
      thread.interrupt();
      thread.join(5000);
    }
  }

  @Test
  void waitersAskTheDatabaseByTheClockOneAtATimeNotEachOfThem() throws Exception {
    Admission admission = admission();
    AtomicInteger takes = new AtomicInteger();
    AtomicInteger polls = new AtomicInteger();
    startWaiters(admission, () -> {
      takes.incrementAndGet();
      return Optional.empty();
    }, deadline -> polls.incrementAndGet() > 0);
    int before = takes.get();
    int pollsBefore = polls.get();
    long start = System.nanoTime();
    Thread.sleep(1000);
    int took = takes.get() - before;
    int polled = polls.get() - pollsBefore;
    double seconds = (System.nanoTime() - start) / 1e9;   // the sleep may last longer on a busy machine

    // the poller every 40 ms (poll-interval), the clock's waiter every 200 ms and each of the other 15
    // once a second (SLEEPER_RETRY_EVERY): about 45 takes a second; each of 16 waiters taking the
    // poller's turn or the clock's: hundreds
    assertThat(took).as("takes in %.2f s", seconds).isBetween(1, (int) Math.ceil(60 * seconds));
    assertThat(polled).as("rounds of polls in %.2f s", seconds).isBetween(1, (int) Math.ceil(40 * seconds));
  }

  @Test
  void placesFreedElsewhereAreFoundByTheClockAndEachFinderWakesTheNext() throws Exception {
    Admission admission = admission();
    AtomicBoolean freeElsewhere = new AtomicBoolean();
    AtomicInteger served = new AtomicInteger();
    startWaiters(admission, () -> freeElsewhere.get() ? Optional.of(served.incrementAndGet()) : Optional.empty(),
        deadline -> false);
    long start = System.nanoTime();
    freeElsewhere.set(true);   // as if another replica gave back many places: no local notify

    for (int i = 0; i < 400 && admission.waiting() > 0; i++) {
      Thread.sleep(5);
    }
    assertThat(admission.waiting()).as("every waiter served").isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one clock retry, then a chain of wake-ups")
        .isLessThan(Admission.RETRY_EVERY.multipliedBy(4));   // each on its own: up to SLEEPER_RETRY_EVERY
  }

  @Test
  void aPlaceGivenBackHereWakesAWaiterAtOnce() throws Exception {
    Admission admission = admission();
    AtomicBoolean free = new AtomicBoolean();
    startWaiters(admission, () -> free.getAndSet(false) ? Optional.of(1) : Optional.empty(), deadline -> false);
    Thread.sleep(50);
    long start = System.nanoTime();
    free.set(true);
    admission.placeFreed();
    for (int i = 0; i < 400 && admission.waiting() == WAITERS; i++) {
      Thread.sleep(1);
    }
    assertThat(admission.waiting()).isEqualTo(WAITERS - 1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Admission.RETRY_EVERY.dividedBy(2));
  }

  @Test
  void everyWaiterLooksOnItsOwnWithinTheSleepersBoundThoughNobodyWakesIt() throws Exception {
    Admission admission = admission();
    Set<Thread> looked = ConcurrentHashMap.newKeySet();
    startWaiters(admission, () -> {
      looked.add(Thread.currentThread());
      return Optional.empty();
    }, deadline -> false);
    looked.clear();

    // a wake-up that went to another pool's waiter, or came just before a waiter slept, is not repeated
    Thread.sleep(Admission.SLEEPER_RETRY_EVERY.multipliedBy(2).toMillis());
    assertThat(looked).as("waiters that asked for a place by themselves").hasSize(WAITERS);
  }

  private void startWaiters(Admission admission, Supplier<Optional<Integer>> take, LongPredicate pollInFlight)
      throws InterruptedException {
    for (int i = 0; i < WAITERS; i++) {
      Thread waiter = new Thread(() -> admission.await(take, pollInFlight));
      waiter.setDaemon(true);
      waiter.start();
      threads.add(waiter);
    }
    for (int i = 0; i < 400 && admission.waiting() < WAITERS; i++) {
      Thread.sleep(5);
    }
    assertThat(admission.waiting()).isEqualTo(WAITERS);
  }

  private static Admission admission() {
    // poll-interval 40 ms: the poller's pauses (5 ms doubling) stop there
    return new Admission(new ProxyProperties(4, true, Duration.ofSeconds(5), Duration.ofSeconds(10), 64,
        Duration.ofMillis(5), Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofSeconds(10), 2,
        Duration.ofHours(24)), new HeketiProperties(URI.create("http://127.0.0.1:1"), "key", "admin",
        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMillis(40), 0,
        Duration.ofSeconds(1), 8, "test"));
  }
}
