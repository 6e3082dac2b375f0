package dev.tandem.coordination;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A lane of persisted work shared by every replica: one db-scheduler on its own table, with its own
 * threads. Scheduling writes a row; whichever live replica polls first claims it, renews the claim
 * with heartbeats while it runs, and a claim whose heartbeats stop (a replica killed) is given to
 * another replica. Scheduling inside a Spring transaction joins it, so work and its claim row commit
 * together. Started after everything else, stopped first: a stop lets running work reach a point where
 * it hands itself back ({@link com.github.kagkarlsson.scheduler.SchedulerState#isShuttingDown()}).
 */
public final class ClaimedWork implements SmartLifecycle {

  /** What a piece of work did: ended, or handed itself back because its replica is stopping. */
  public enum Outcome { DONE, HANDED_BACK }

  /** The body of a kind of work, given the instance's id and whether this replica is stopping. */
  @FunctionalInterface
  public interface Work {
    Outcome run(String id, BooleanSupplier stopping);
  }

  /**
   * The body of a kind of work that may ask to run again later: answers when (on any replica), or
   * null once it has ended. A replica that is stopping hands such work back by answering now.
   */
  @FunctionalInterface
  public interface RepeatedWork {
    Instant run(String id, BooleanSupplier stopping);
  }

  /** Work that failed in Tandem (threw) is tried again after this long, on any replica. */
  static final Duration RETRY_FAILED = Duration.ofSeconds(10);

  private final String table;
  private final Supplier<Scheduler> schedulers;
  private volatile Scheduler scheduler;
  /** The scheduler was stopped: the next start makes a fresh one. */
  private volatile boolean stopped;
  private volatile boolean running;

  private ClaimedWork(String table, Supplier<Scheduler> schedulers) {
    this.table = table;
    this.schedulers = schedulers;
    this.scheduler = schedulers.get();
  }

  /** A lane on {@code table} (a table in db-scheduler's layout, made by a migration) with {@code threads} threads. */
  public static ClaimedWork create(DataSource dataSource, CoordinationProperties properties, String table,
      int threads, List<Task<?>> tasks) {
    return new ClaimedWork(table, () -> Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
        .tableName(table)
        .schedulerName(new SchedulerName.Fixed(properties.instance()))
        .threads(threads)
        .pollingInterval(properties.polling())
        .heartbeatInterval(properties.heartbeat())
        .missedHeartbeatsLimit(properties.missedHeartbeats())
        .shutdownMaxWait(properties.shutdownWait())
        .enableImmediateExecution()
        .build());
  }

  /**
   * A kind of work named {@code name}: done, its row goes; handed back, it is due again at once for
   * another replica; thrown, it is tried again after {@link #RETRY_FAILED}; its claim dead (the
   * replica was killed), another replica runs it again from the start, so {@code work} must resume
   * from what it has persisted.
   */
  public static Task<Void> task(String name, Work work) {
    return repeatedTask(name, (id, stopping) -> work.run(id, stopping) == Outcome.DONE ? null : Instant.now());
  }

  /**
   * A kind of work named {@code name} that runs again at the instant it answers, on whichever replica
   * claims it then, until it answers null; otherwise as {@link #task}.
   */
  public static Task<Void> repeatedTask(String name, RepeatedWork work) {
    return Tasks.custom(name, Void.class)
        .onDeadExecutionRevive()
        .onFailure(new FailureHandler.OnFailureRetryLater<>(RETRY_FAILED))
        .execute((instance, context) -> {
          Instant next = work.run(instance.getId(), () -> context.getSchedulerState().isShuttingDown());
          return next == null ? new CompletionHandler.OnCompleteRemove<Void>()
              : (complete, operations) -> operations.reschedule(complete, next);
        });
  }

  /**
   * Work {@code id} of kind {@code task} to run now on any replica; false when it is already scheduled or running.
   * Scheduled inside a transaction, it is looked for again as soon as that transaction commits (before,
   * no other connection can see it).
   */
  public boolean schedule(String task, String id) {
    boolean scheduled = scheduler.scheduleIfNotExists(new TaskInstance<>(task, id), Instant.now());
    if (scheduled && TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          scheduler.triggerCheckForDueExecutions();
        }
      });
    }
    return scheduled;
  }

  public String table() {
    return table;
  }

  @Override
  public synchronized void start() {
    if (stopped) {
      scheduler = schedulers.get();
      stopped = false;
    }
    scheduler.start();
    running = true;
  }

  /**
   * Stops claiming work. A stopped scheduler cannot start again, so the next start makes a fresh one;
   * not here, since making one reads the database, which may be gone when a context closes.
   */
  @Override
  public synchronized void stop() {
    running = false;
    scheduler.stop();
    stopped = true;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
