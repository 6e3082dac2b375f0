package dev.tandem.proxy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Initiating requests waiting for a place of Heketi's in-flight limit (and of their pool's share) for
 * at most {@code tandem.proxy.admission-wait}, instead of being answered 429 at once: a client told to
 * retry waits seconds (Heketi's Go client: Retry-After plus up to 10 s), while the operations of a
 * burst end in milliseconds. While requests wait, one of them at a time polls the operations in flight
 * every {@link #POLL_EVERY}, so a place is given back as soon as Heketi has finished its operation,
 * not at its client's next poll (the Go client polls every 400 ms); with nobody waiting there are no
 * such polls. A place given back on this replica wakes one waiter; places given back elsewhere
 * (another replica, Tandem's own operations, expiry) are found by each waiter trying again at least
 * every {@link #RETRY_EVERY}.
 */
@Component
class Admission {

  static final Duration POLL_EVERY = Duration.ofMillis(20);
  static final Duration RETRY_EVERY = Duration.ofMillis(200);

  private final Object freed = new Object();
  private final AtomicBoolean polling = new AtomicBoolean();

  /**
   * {@code take}'s place, tried at once and again until {@code wait} has passed (empty if none came
   * free); while waiting, {@code pollInFlight} is run by one waiter at a time.
   */
  <T> Optional<T> await(Supplier<Optional<T>> take, Duration wait, Runnable pollInFlight) {
    long deadline = System.nanoTime() + wait.toNanos();
    Optional<T> taken = take.get();
    while (taken.isEmpty()) {
      long pause = RETRY_EVERY.toMillis();
      if (polling.compareAndSet(false, true)) {
        try {
          pollInFlight.run();
        } finally {
          polling.set(false);
        }
        pause = POLL_EVERY.toMillis();
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return take.get();
      }
      try {
        synchronized (freed) {
          freed.wait(Math.min(pause, left));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return taken;
      }
      taken = take.get();
    }
    return taken;
  }

  /** A place was given back on this replica: one waiter tries now. */
  void placeFreed() {
    synchronized (freed) {
      freed.notify();
    }
  }
}
