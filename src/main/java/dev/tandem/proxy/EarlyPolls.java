package dev.tandem.proxy;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.heketi.HeketiProperties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Tandem's own first polls of each operation this replica started, while requests wait for a place
 * ({@link Admission}): {@code tandem.proxy.early-poll} after Heketi accepted it, then after twice the
 * last pause, until it has its final answer or the pause would pass {@code tandem.heketi.poll-interval}
 * (from there its clients' polls and {@link QueueFollower} take over). So the place it holds of
 * Heketi's in-flight limit is given back, and handed to a waiting request, soon after Heketi has
 * finished it (a volume create: about 11 ms), not at its client's next poll (the Go client's: 400 ms
 * later). A due poll is skipped while nobody waits: no polls are added when a place is not needed. The
 * polls run on their own threads, one per place of Heketi's in-flight limit ({@code tandem.heketi.max-in-flight}),
 * but no more than half the database connection pool (8 of Tandem's 16): in a burst, on a busy
 * machine, such a poll can take tens of milliseconds, and with fewer threads the due polls of the other
 * operations queued behind it, and their places came free that much later; but an early poll holds a
 * database connection while it asks Heketi, and a Heketi that stalls must not leave the requests and the
 * claimed work's heartbeats without one.
 */
@Component
class EarlyPolls implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(EarlyPolls.class);

  private final Admission admission;
  private final long firstMillis;
  private final long longestMillis;
  private final int threads;
  private final Set<String> watched = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService timer;

  @Autowired
  EarlyPolls(Admission admission, ProxyProperties proxy, HeketiProperties heketi, DataSource database) {
    this(admission, proxy, heketi, database instanceof HikariDataSource pool ? pool.getMaximumPoolSize() : 10);
  }

  /** With {@code connections} the size of the database connection pool, of which they take at most half. */
  EarlyPolls(Admission admission, ProxyProperties proxy, HeketiProperties heketi, int connections) {
    this.admission = admission;
    this.firstMillis = proxy.earlyPoll().toMillis();
    this.longestMillis = heketi.pollInterval().toMillis();
    this.threads = Math.max(1, Math.min(heketi.maxInFlight(), connections / 2));
  }

  /** Polls an operation Heketi just accepted, as said above; {@code poll} answers true once it is final. */
  void watch(String queueId, BooleanSupplier poll) {
    if (firstMillis > 0) {
      watched.add(queueId);
      schedule(queueId, poll, firstMillis);
    }
  }

  /** Whether the operation's early polls are still to come (so nobody else need poll it early). */
  boolean watches(String queueId) {
    return watched.contains(queueId);
  }

  private void schedule(String queueId, BooleanSupplier poll, long pauseMillis) {
    ScheduledExecutorService threads = timer();  // null once stopping: no more polls
    if (threads == null || pauseMillis > longestMillis) {
      watched.remove(queueId);
      return;
    }
    threads.schedule(() -> {
      boolean done = false;
      try {
        done = admission.waiting() > 0 && poll.getAsBoolean();
      } catch (RuntimeException e) {
        log.warn("Could not poll operation {} early: {}", queueId, e.getMessage());
      }
      if (done) {
        watched.remove(queueId);
      } else {
        schedule(queueId, poll, pauseMillis * 2);
      }
    }, pauseMillis, TimeUnit.MILLISECONDS);
  }

  /** How many polls may run at once. */
  int threads() {
    return threads;
  }

  private synchronized ScheduledExecutorService timer() {
    return timer;
  }

  @Override
  public synchronized void start() {
    CustomizableThreadFactory factory = new CustomizableThreadFactory("proxy-early-poll-");
    factory.setDaemon(true);
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, factory);
    executor.setRemoveOnCancelPolicy(true);
    timer = executor;
  }

  @Override
  public synchronized void stop() {
    timer.shutdownNow();
    timer = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }
}
