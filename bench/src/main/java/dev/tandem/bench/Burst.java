package dev.tandem.bench;

import dev.tandem.heketi.FakeHeketiCore;
import dev.tandem.proxy.GoLikeHeketiClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One burst of issue 11's target 4 against one Heketi (the stand-in directly, or Tandem in front of
 * it): {@code clients} Go-like Heketi clients, each on its own thread, start together at a barrier
 * and each makes {@code createsEach} volume creates one after another. Every phase (burst or
 * clean-up) is bounded by {@link #PHASE_LIMIT_SECONDS}: past it, {@link PhaseTimeout}.
 */
final class Burst {

  /** The longest a phase may take before the bench gives up. */
  static final long PHASE_LIMIT_SECONDS = 180;

  /** A phase that did not end within {@link #PHASE_LIMIT_SECONDS}. */
  static final class PhaseTimeout extends RuntimeException {
    PhaseTimeout(String what) {
      super(what + " did not end within " + PHASE_LIMIT_SECONDS + " s: the bench gives up");
    }
  }

  /**
   * What one burst measured.
   *
   * @param wallMillis from the moment the barrier released the clients to the last create's final
   *     answer (the volume, or the error the client returned), in ms
   * @param creates how many creates the clients made (successful or not)
   * @param errors creates that ended in an error the client saw, including a 429 still answered
   *     after the Go client's 6 retries
   * @param throttled 429 answers to {@code POST /volumes} the clients received (each one a wait of
   *     the Go client's, scaled by timeScale, before the same request again)
   * @param peakInFlight the most operations the stand-in Heketi had in flight during the burst (its
   *     limit is 8: a create beyond it is answered 429)
   * @param volumeIds the volumes made
   * @param firstError the first error's message, or null
   * @param cpuMillis the CPU time (user and system) of the process the clients spoke to during the
   *     burst, in ms; 0 when it is not measured (the direct side: the stand-in runs in the bench's process)
   */
  record Result(double wallMillis, int creates, int errors, long throttled, int peakInFlight,
      List<String> volumeIds, String firstError, long cpuMillis) {}

  private Burst() {}

  /** The burst through clients from {@code newClient}; {@code standIn} is the Heketi that ends up serving them. */
  static Result creates(Supplier<GoLikeHeketiClient> newClient, FakeHeketiCore standIn, String body, int clients,
      int createsEach, String what, LongSupplier cpuMillis) {
    List<GoLikeHeketiClient> all = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      all.add(newClient.get());
    }
    AtomicLong start = new AtomicLong();
    AtomicLong end = new AtomicLong();
    CyclicBarrier barrier = new CyclicBarrier(clients, () -> start.set(System.nanoTime()));
    AtomicInteger errors = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    standIn.resetPeakInFlight();
    long cpuBefore = cpuMillis.getAsLong();
    bounded(what, clients, all.stream().<Runnable>map(client -> () -> {
      if (!await(barrier)) {
        errors.addAndGet(createsEach);
        firstError.compareAndSet(null, "a client did not reach the barrier");
        return;
      }
      for (int i = 0; i < createsEach; i++) {
        try {
          ids.add(client.volumeCreate(body).get("id").asString());
        } catch (RuntimeException e) {
          errors.incrementAndGet();
          firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
          end.accumulateAndGet(System.nanoTime(), Math::max);
        }
      }
    }).toList());
    long throttled = all.stream().flatMap(c -> c.exchanges().stream())
        .filter(e -> e.equals("POST /volumes -> 429")).count();
    return new Result((end.get() - start.get()) / 1e6, clients * createsEach, errors.get(), throttled,
        standIn.peakInFlight(), List.copyOf(ids), firstError.get(), cpuMillis.getAsLong() - cpuBefore);
  }

  /** Deletes {@code ids}, {@code threads} at a time; any error fails the bench (the next run must start alike). */
  static void deletes(Supplier<GoLikeHeketiClient> newClient, List<String> ids, int threads, String what) {
    List<Runnable> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      GoLikeHeketiClient client = newClient.get();
      List<String> share = new ArrayList<>();
      for (int i = t; i < ids.size(); i += threads) {
        share.add(ids.get(i));
      }
      tasks.add(() -> share.forEach(client::volumeDelete));
    }
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    bounded(what, threads, tasks.stream().<Runnable>map(task -> () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        failed.compareAndSet(null, e);
      }
    }).toList());
    if (failed.get() != null) {
      throw new IllegalStateException(what + " failed", failed.get());
    }
  }

  /** Runs the tasks on daemon threads, one each, and waits at most the phase limit. */
  private static void bounded(String what, int threads, List<Runnable> tasks) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread thread = new Thread(r, "burst");
      thread.setDaemon(true);
      return thread;
    });
    tasks.forEach(pool::execute);
    pool.shutdown();
    try {
      if (!pool.awaitTermination(PHASE_LIMIT_SECONDS, TimeUnit.SECONDS)) {
        pool.shutdownNow();
        throw new PhaseTimeout(what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PhaseTimeout(what);
    }
  }

  private static boolean await(CyclicBarrier barrier) {
    try {
      barrier.await(PHASE_LIMIT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
