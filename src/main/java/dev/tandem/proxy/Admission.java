package dev.tandem.proxy;

import dev.tandem.heketi.HeketiProperties;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Initiating requests waiting for a place of Heketi's in-flight limit (and of their pool's share) for
 * at most {@code tandem.proxy.admission-wait}, instead of being answered 429 at once: a client told to
 * retry waits seconds (Heketi's Go client: Retry-After plus up to 10 s), while the operations of a
 * burst end in milliseconds. While requests wait, one of them (on each replica; the first to wait, until
 * it leaves) polls the operations in flight that {@link EarlyPolls} does not,
 * {@link #FIRST_PAUSE_MILLIS} ms after a round that polled and freed a place and otherwise after twice
 * the last pause, up to {@code tandem.heketi.poll-interval}: a place is given back soon
 * after Heketi has finished a short operation, not at its client's next poll (the Go client polls every
 * 400 ms), and long operations are not polled faster than Tandem polls its own. With nobody waiting
 * there are no such polls. At most {@code tandem.proxy.admission-waiters} requests wait on a replica
 * (each holds a request thread); further ones are answered at once. A place given back on this replica
 * wakes one waiter; places given back elsewhere (another replica, Tandem's own operations, expiry) are
 * found by one other waiter trying again every {@link #RETRY_EVERY}, and a waiter that found a place
 * so wakes the next one to look, as long as they find one. The others ask the database when woken, and
 * on their own at least every {@link #SLEEPER_RETRY_EVERY}: a burst's waiters do not each ask it every
 * 200 ms, nor each take the poller's turn, and a waiter whose wake-up went elsewhere (another pool's
 * waiter, say) still looks within that bound.
 */
@Component
class Admission {

  static final long FIRST_PAUSE_MILLIS = 5;
  static final Duration RETRY_EVERY = Duration.ofMillis(200);
  /**
   * How long a waiter without a role sleeps at most before it tries again on its own: a wake-up can go
   * to a waiter of another pool, or be missed between its last try and its sleep, and a role given up
   * can find nobody awake to take it; this bounds each of those.
   */
  static final Duration SLEEPER_RETRY_EVERY = RETRY_EVERY.multipliedBy(5);

  private final Object freed = new Object();
  private final AtomicBoolean polling = new AtomicBoolean();
  private final AtomicBoolean retrying = new AtomicBoolean();
  /** Wake-ups handed on by waiters that found a place by the clock (see {@link #await}). */
  private final AtomicInteger chained = new AtomicInteger();
  private final AtomicLong frees = new AtomicLong();
  private final Semaphore waiters;
  private final int mostWaiters;
  private final Duration wait;
  private final long longestPauseMillis;

  Admission(ProxyProperties proxy, HeketiProperties heketi) {
    this.mostWaiters = proxy.admissionWaiters();
    this.waiters = new Semaphore(mostWaiters);
    this.wait = proxy.admissionWait();
    this.longestPauseMillis = Math.max(FIRST_PAUSE_MILLIS, heketi.pollInterval().toMillis());
  }

  /**
   * {@code take}'s place, tried at once and, when there is room to wait, again until the wait has
   * passed (empty if none came free). While waiting, {@code pollInFlight} is run by one waiter at a
   * time with the deadline (a {@link System#nanoTime()}) it is to stop at; it answers whether it asked
   * Heketi about any operation (when it did not, its next round comes after a longer pause, as after a
   * round that freed no place).
   */
  <T> Optional<T> await(Supplier<Optional<T>> take, LongPredicate pollInFlight) {
    Optional<T> taken = take.get();
    if (taken.isPresent() || wait.isZero() || !waiters.tryAcquire()) {
      return taken;
    }
    boolean poller = false;
    boolean retrier = false;
    try {
      long deadline = System.nanoTime() + wait.toNanos();
      long pollPause = FIRST_PAUSE_MILLIS;
      while (taken.isEmpty()) {
        // the roles stay with a waiter until it leaves: the poller, the one trying again by the clock
        poller = poller || polling.compareAndSet(false, true);
        if (poller && retrier) {
          retrier = false;
          retrying.set(false);
          wakeOne();   // someone else tries by the clock now
        }
        retrier = !poller && (retrier || retrying.compareAndSet(false, true));
        long pause = retrier ? RETRY_EVERY.toMillis() : SLEEPER_RETRY_EVERY.toMillis();
        if (poller) {
          long before = frees.get();
          boolean polled = pollInFlight.test(deadline);
          pollPause = polled && frees.get() > before ? FIRST_PAUSE_MILLIS : Math.min(longestPauseMillis, pollPause * 2);
          pause = pollPause;
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return take.get();
        }
        synchronized (freed) {
          freed.wait(Math.min(pause, left));
        }
        boolean hop = chained.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
        taken = take.get();
        if (taken.isPresent() && (retrier || hop)) {
          // found by the clock, not given back here: more may have come free elsewhere, the next waiter looks
          chained.incrementAndGet();
          wakeOne();
        }
      }
      return taken;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return taken;
    } finally {
      if (poller) {
        polling.set(false);
      }
      if (retrier) {
        retrying.set(false);
      }
      if (poller || retrier) {
        wakeOne();   // a waiter that sleeps until a place is given back takes the role over
      }
      waiters.release();
    }
  }

  /**
   * {@code send}'s answer; while Heketi answers it 429 (its limit is reached by operations Tandem does
   * not count: another client's, or Heketi's own count), sent again after pauses of
   * {@link #FIRST_PAUSE_MILLIS} ms doubling up to {@code tandem.heketi.poll-interval}, until
   * {@code admission-wait} has passed since {@code since} (a {@link System#nanoTime()}): Heketi's 429
   * reaches the client only then. A 429 never entered Heketi's queue, so sending again is safe.
   */
  Answer whileHeketiBusy(long since, Supplier<Answer> send) {
    Answer answer = send.get();
    long pause = FIRST_PAUSE_MILLIS;
    while (answer.status() == 429) {
      long left = TimeUnit.NANOSECONDS.toMillis(since + wait.toNanos() - System.nanoTime());
      if (left <= 0) {
        return answer;
      }
      try {
        Thread.sleep(Math.min(pause, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return answer;
      }
      pause = Math.min(longestPauseMillis, pause * 2);
      answer = send.get();
    }
    return answer;
  }

  /** Requests waiting for a place on this replica now. */
  int waiting() {
    return mostWaiters - waiters.availablePermits();
  }

  /** A place was given back on this replica: one waiter tries now. */
  void placeFreed() {
    frees.incrementAndGet();
    wakeOne();
  }

  private void wakeOne() {
    synchronized (freed) {
      freed.notify();
    }
  }
}
