package dev.tandem.proxy;

import dev.tandem.heketi.HeketiProperties;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Tandem following its own operations: every Heketi poll interval it looks for operations without a
 * final answer that nobody (a client, or itself) has polled for {@code follow-after}, polls them, a few
 * at a time ({@code follow-threads}), and stores a final answer as a client's poll would, so an
 * abandoned heketi-cli run frees its pool's share soon after Heketi has finished it. It also purges
 * final answers past {@code answer-retention}, checking every tenth of the retention (at most ten
 * minutes apart). It runs on its own threads and takes none of the application's executors. Which
 * operations it takes is decided in one place: {@link ProxyQueue#idle} and {@link ProxyQueue#follow}.
 * Every replica runs one, and they share their work through the database: each finds the idle
 * operations of every replica (so those of a replica that died are followed too), and a row lock taken
 * with {@code skip locked}, and the poll time re-read under it, keep two replicas from polling one
 * operation at once or one right after the other.
 */
@Component
class QueueFollower implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(QueueFollower.class);
  private static final Duration PURGE_AT_MOST_EVERY = Duration.ofMinutes(10);
  private static final Duration PURGE_AT_LEAST_EVERY = Duration.ofMillis(100);

  private final ProxyQueue queue;
  private final ProxyProperties properties;
  private final Duration interval;
  private ScheduledExecutorService timer;
  private ExecutorService pollers;

  QueueFollower(ProxyQueue queue, ProxyProperties properties, HeketiProperties heketi) {
    this.queue = queue;
    this.properties = properties;
    this.interval = heketi.pollInterval();
  }

  @Override
  public synchronized void start() {
    pollers = Executors.newFixedThreadPool(properties.followThreads(), daemons("proxy-follow-"));
    timer = Executors.newSingleThreadScheduledExecutor(daemons("proxy-queue-"));
    timer.scheduleWithFixedDelay(this::followIdle, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    long purgeEvery = Math.max(PURGE_AT_LEAST_EVERY.toMillis(),
        Math.min(PURGE_AT_MOST_EVERY.toMillis(), properties.answerRetention().toMillis() / 10));
    timer.scheduleWithFixedDelay(this::purge, purgeEvery, purgeEvery, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    timer.shutdownNow();
    pollers.shutdownNow();
    timer = null;
    pollers = null;
  }

  private synchronized ExecutorService pollers() {
    return pollers;
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }

  /** One round: each idle operation polled once, at most {@code follow-threads} at a time. */
  private void followIdle() {
    ExecutorService threads = pollers(); // null once stopping: the round is skipped
    if (threads == null) {
      return;
    }
    try {
      List<Callable<Void>> polls = queue.idle(properties.followThreads() * 16).stream()
          .map(id -> (Callable<Void>) () -> {
            queue.follow(id);
            return null;
          }).toList();
      for (Future<Void> done : threads.invokeAll(polls)) {
        try {
          done.get();
        } catch (ExecutionException e) {
          log.warn("Could not follow a Heketi operation: {}", e.getCause().getMessage());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // a failed round must not end the schedule; the next one tries again
      log.warn("Could not follow Heketi operations: {}", e.getMessage());
    }
  }

  private static CustomizableThreadFactory daemons(String prefix) {
    CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
    threads.setDaemon(true);
    return threads;
  }

  private void purge() {
    try {
      int purged = queue.purge(OffsetDateTime.now());
      if (purged > 0) {
        log.debug("Purged {} final answers and stale slots of the Heketi-compatible API", purged);
      }
    } catch (RuntimeException e) {
      log.warn("Could not purge final answers: {}", e.getMessage());
    }
  }
}
