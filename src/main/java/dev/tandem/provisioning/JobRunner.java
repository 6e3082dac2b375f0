package dev.tandem.provisioning;

import dev.tandem.coordination.ClaimedWork;
import dev.tandem.coordination.CoordinationProperties;
import dev.tandem.exec.ExecException;
import dev.tandem.exec.RemoteShell;
import dev.tandem.heketidb.BackupFiles;
import dev.tandem.inventory.HostSpec;
import dev.tandem.inventory.InventoryEdits;
import dev.tandem.inventory.PlatformService;
import dev.tandem.inventory.PlatformSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the jobs this replica claimed on the job lane ({@link JobLane}: {@code tandem.provisioning.job-threads}
 * threads per replica). A job first checks every host's prerequisites and fails before any step runs
 * when one lacks something; then each host runs its unfinished steps in order on its own session (a
 * host's failure closes only its own connections), hosts in parallel (at most {@code host-parallelism}),
 * and the job ends only once every host's steps have ended; platform steps (reconcile) run last, when
 * every host succeeded. A claim revived after its replica was killed runs the job again from its first
 * unfinished step: a step that replica left RUNNING is run again (steps check before they act). When
 * this replica stops, the job starts no further step, lets the running ones end and hands itself back.
 */
@Component
class JobRunner {

  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
  /** Platform steps run no command: they act through Tandem's own services. */
  private static final RemoteShell NO_SHELL = (target, command) -> {
    throw new ExecException("a platform step runs no command on a host");
  };

  private final JobStore store;
  private final JobLog jobLog;
  private final PlatformService platform;
  private final PlatformSecrets secrets;
  private final HostExecutors executors;
  private final StepContexts contexts;
  private final BackupFiles backups;
  private final ProvisioningProperties properties;
  private final String replica;

  JobRunner(JobStore store, JobLog jobLog, PlatformService platform, PlatformSecrets secrets, HostExecutors executors,
      StepContexts contexts, BackupFiles backups, ProvisioningProperties properties,
      CoordinationProperties coordination) {
    this.store = store;
    this.jobLog = jobLog;
    this.platform = platform;
    this.secrets = secrets;
    this.executors = executors;
    this.contexts = contexts;
    this.backups = backups;
    this.properties = properties;
    this.replica = coordination.instance();
  }

  /** The job lane's work: runs job {@code id} until it ends, or hands it back when this replica stops. */
  ClaimedWork.Outcome run(String id, BooleanSupplier stopping) {
    if (!store.begin(id, replica)) {
      return ClaimedWork.Outcome.DONE;
    }
    try {
      return runBegun(id, stopping);
    } catch (JobStore.ClaimLost e) {
      log.warn(e.getMessage());
      return ClaimedWork.Outcome.HANDED_BACK;
    } catch (RuntimeException e) {
      if (stopping.getAsBoolean() && !JobErrors.databaseLost(e)) {
        // a step cut by the stop (interrupted after shutdown-wait): not the job's failure
        log.warn("job {}: stopped in the middle of a step ({}); another replica runs it again", id, e.getMessage());
        store.handBack(id, replica);
        return ClaimedWork.Outcome.HANDED_BACK;
      }
      if (JobErrors.databaseLost(e)) {
        // not the job's failure: the lane tries it again, and it resumes from its first unfinished step
        log.warn("job {}: the database is unreachable ({}); the job continues when it returns", id, e.getMessage());
        throw e;
      }
      log.error("job {} failed", id, e);
      store.end(id, JobEntity.State.FAILED, JobErrors.message(e));
      return ClaimedWork.Outcome.DONE;
    }
  }

  private ClaimedWork.Outcome runBegun(String id, BooleanSupplier stopping) {
    PlatformSpec spec = platform.export();
    List<JobStepEntity> rows = store.steps(id);
    HeketiSecrets heketi = secrets.heketi();
    JobRequest request = store.request(id);
    List<Step> planned = Planner.steps(spec, request, heketi, properties, backups);
    if (planned.size() != rows.size() || !namesMatch(planned, rows)) {
      store.end(id, JobEntity.State.FAILED, "the inventory changed since this job was planned; start a new job");
      return ClaimedWork.Outcome.DONE;
    }
    Map<String, List<Integer>> byHost = new LinkedHashMap<>();
    Set<String> failedHosts = new HashSet<>();
    List<Integer> platformSteps = new ArrayList<>();
    for (int i = 0; i < planned.size(); i++) {
      JobStepEntity.State state = rows.get(i).state;
      if (planned.get(i).host() != null && state == JobStepEntity.State.FAILED) {
        failedHosts.add(planned.get(i).host());
      }
      if (!toRun(state)) {
        continue;
      }
      if (planned.get(i).host() == null) {
        platformSteps.add(i);
      } else {
        byHost.computeIfAbsent(planned.get(i).host(), h -> new ArrayList<>()).add(i);
      }
    }
    List<String> missing = new ArrayList<>();
    for (String host : byHost.keySet()) {
      if (!failedHosts.contains(host)) {
        executors.missing(InventoryEdits.host(spec, host)).forEach(m -> missing.add(host + ": " + m));
      }
    }
    if (!missing.isEmpty()) {
      store.end(id, JobEntity.State.FAILED, "no step ran, hosts lack prerequisites: " + String.join("; ", missing));
      return ClaimedWork.Outcome.DONE;
    }
    Set<String> masked = Set.of(heketi.sshPrivateKey(), heketi.adminKey(), heketi.userKey());
    StepRun steps = new StepRun(id, planned, rows, masked, stopping);
    boolean oneAtATime = request.type().oneHostAtATime();
    boolean allOk = runHosts(spec, byHost, failedHosts, steps, request.stopOnFailure() || oneAtATime,
        oneAtATime ? 1 : properties.hostParallelism()) && failedHosts.isEmpty();
    for (int index : platformSteps) {
      if (steps.stopped()) {
        break;
      }
      if (allOk && !store.cancelled(id)) {
        allOk = steps.run(index, new HostSession(null, NO_SHELL, null));
      } else {
        store.finishStep(rows.get(index), store.cancelled(id) ? JobStepEntity.State.CANCELLED
            : JobStepEntity.State.SKIPPED, false);
      }
    }
    if (steps.stoppedBeforeAStep()) {
      store.handBack(id, replica);
      return ClaimedWork.Outcome.HANDED_BACK;
    }
    JobEntity.State state = !allOk ? JobEntity.State.FAILED
        : store.cancelled(id) ? JobEntity.State.CANCELLED : JobEntity.State.SUCCEEDED;
    store.end(id, state, store.summary(id));
    return ClaimedWork.Outcome.DONE;
  }

  /** Steps this run still has to run or settle: never started, or left running by a replica that was killed. */
  private static boolean toRun(JobStepEntity.State state) {
    return state == JobStepEntity.State.PENDING || state == JobStepEntity.State.RUNNING;
  }

  /**
   * Every host's steps, at most {@code parallelism} hosts at once (in plan order); returns once every host
   * has ended, true when all succeeded.
   */
  private boolean runHosts(PlatformSpec spec, Map<String, List<Integer>> byHost, Set<String> failedHosts,
      StepRun steps, boolean stopOthers, int parallelism) {
    if (byHost.isEmpty()) {
      return true;
    }
    CustomizableThreadFactory threads = new CustomizableThreadFactory("tandem-host-");
    threads.setDaemon(true);
    ExecutorService hosts = Executors.newFixedThreadPool(Math.min(byHost.size(), parallelism),
        threads);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (Map.Entry<String, List<Integer>> host : byHost.entrySet()) {
        HostSpec hostSpec = InventoryEdits.host(spec, host.getKey());
        results.add(hosts.submit(() -> {
          boolean ok = failedHosts.contains(host.getKey()) ? skipAll(host.getValue(), steps)
              : runHost(hostSpec, host.getValue(), steps);
          if (!ok && stopOthers) {
            store.requestCancel(steps.jobId);
          }
          return ok;
        }));
      }
      // every host is waited for, whatever another did: the job never ends while a step still runs
      boolean allOk = true;
      RuntimeException lost = null;
      for (Future<Boolean> result : results) {
        try {
          allOk &= outcome(result, steps.jobId);
        } catch (RuntimeException e) {
          lost = e;
        }
      }
      if (lost != null) {
        throw lost;
      }
      return allOk;
    } finally {
      hosts.shutdown();
    }
  }

  private static boolean outcome(Future<Boolean> result, String jobId) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          // Tandem is stopping: the host still ends its current command (bounded by the command timeout)
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException cause
              && (cause instanceof JobStore.ClaimLost || JobErrors.databaseLost(cause))) {
            throw cause;
          }
          log.error("job {}: a host's runner failed", jobId, e.getCause());
          return false;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A host whose step failed earlier in this run (before its replica was killed): its other steps are skipped. */
  private boolean skipAll(List<Integer> indexes, StepRun steps) {
    indexes.forEach(i -> store.finishStep(steps.rows.get(i), JobStepEntity.State.SKIPPED, false));
    return false;
  }

  /**
   * One host's pending steps in order, on its own session; a failure skips the rest of this host only. A
   * stopping replica starts no further step: the rest stay pending for the replica that continues the job.
   */
  private boolean runHost(HostSpec host, List<Integer> indexes, StepRun steps) {
    HostSession session;
    try {
      session = executors.open(host);
    } catch (RuntimeException e) {
      if (e instanceof JobStore.ClaimLost || JobErrors.databaseLost(e)) {
        throw e; // opening reads the host keys and Tandem's SSH key: not the host's failure, the job resumes
      }
      steps.failFirst(indexes, host.name() + ": cannot open its SSH or Docker connection: " + JobErrors.message(e));
      skip(indexes, steps);
      return false;
    }
    try (session) {
      boolean ok = true;
      for (int index : indexes) {
        if (ok && steps.stopped()) {
          break;
        }
        if (!ok || store.cancelled(steps.jobId)) {
          store.finishStep(steps.rows.get(index), store.cancelled(steps.jobId) ? JobStepEntity.State.CANCELLED
              : JobStepEntity.State.SKIPPED, false);
          continue;
        }
        ok = steps.run(index, session);
      }
      return ok;
    }
  }

  private void skip(List<Integer> indexes, StepRun steps) {
    indexes.stream().skip(1).forEach(i -> store.finishStep(steps.rows.get(i), JobStepEntity.State.SKIPPED, false));
  }

  /** The steps of one run of a job, and how one of them runs. */
  private final class StepRun {
    final String jobId;
    final List<Step> planned;
    final List<JobStepEntity> rows;
    final Set<String> masked;
    private final BooleanSupplier stopping;
    private volatile boolean stopped;

    StepRun(String jobId, List<Step> planned, List<JobStepEntity> rows, Set<String> masked,
        BooleanSupplier stopping) {
      this.jobId = jobId;
      this.planned = planned;
      this.rows = rows;
      this.masked = masked;
      this.stopping = stopping;
    }

    /** Whether this replica is stopping; once seen, the job starts no further step here. */
    boolean stopped() {
      if (!stopped && stopping.getAsBoolean()) {
        stopped = true;
      }
      return stopped;
    }

    /** Whether a step was left unstarted because this replica is stopping. */
    boolean stoppedBeforeAStep() {
      return stopped;
    }

    boolean run(int index, HostSession session) {
      Step step = planned.get(index);
      JobStepEntity row = rows.get(index);
      store.startStep(row, replica);
      StepContext ctx = contexts.of(step, session, masked,
          entry -> jobLog.append(jobId, row.seq, PlanScript.line(entry)));
      try {
        Step.Outcome outcome = step.body().run(ctx);
        store.finishStep(row, outcome == Step.Outcome.CHANGED ? JobStepEntity.State.CHANGED
            : JobStepEntity.State.UNCHANGED, true);
        return true;
      } catch (RuntimeException e) {
        if (e instanceof JobStore.ClaimLost || JobErrors.databaseLost(e) || stopping.getAsBoolean()) {
          throw e; // the step stays running in the database and is run again when the job resumes
        }
        jobLog.append(jobId, row.seq, "FAILED: " + JobErrors.message(e) + "\n");
        store.finishStep(row, JobStepEntity.State.FAILED, true);
        return false;
      }
    }

    void failFirst(List<Integer> indexes, String why) {
      JobStepEntity row = rows.get(indexes.get(0));
      store.startStep(row, replica);
      jobLog.append(jobId, row.seq, "FAILED: " + why + "\n");
      store.finishStep(row, JobStepEntity.State.FAILED, true);
    }
  }

  private static boolean namesMatch(List<Step> planned, List<JobStepEntity> rows) {
    for (int i = 0; i < planned.size(); i++) {
      if (!planned.get(i).name().equals(rows.get(i).name)) {
        return false;
      }
    }
    return true;
  }
}
