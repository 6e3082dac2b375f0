package dev.tandem.provisioning;

import dev.tandem.exec.RecordingContainerEngine;
import dev.tandem.exec.RecordingRemoteShell;
import dev.tandem.exec.SshTarget;
import dev.tandem.inventory.HostSpec;
import dev.tandem.inventory.InventoryEdits;
import dev.tandem.inventory.PlatformService;
import dev.tandem.inventory.PlatformSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * The jobs API's service. A plan runs the steps over recording executors; a job is persisted
 * ({@link JobStore}), queued and run by the {@link JobRunner}, and logged in append order
 * ({@link JobLog}). A job still queued or running when Tandem starts was interrupted by a stop: it is
 * marked so, and retry resumes it from its first unfinished step.
 */
@Service
public class JobService {

  private static final Logger log = LoggerFactory.getLogger(JobService.class);

  private final PlatformService platform;
  private final PlatformSecrets secrets;
  private final JobStore store;
  private final JobRunner runner;
  private final JobLog jobLog;
  private final JobRepository jobs;
  private final JobStepRepository steps;
  private final TransactionTemplate tx;
  private final ProvisioningProperties properties;

  JobService(PlatformService platform, PlatformSecrets secrets, JobStore store, JobRunner runner, JobLog jobLog,
      JobRepository jobs, JobStepRepository steps, TransactionTemplate tx, ProvisioningProperties properties) {
    this.platform = platform;
    this.secrets = secrets;
    this.store = store;
    this.runner = runner;
    this.jobLog = jobLog;
    this.jobs = jobs;
    this.steps = steps;
    this.tx = tx;
    this.properties = properties;
  }

  /** The exact steps, commands, files and Docker calls a real run would make on a fresh platform. */
  public JobViews.Plan plan(JobRequest request) {
    PlatformSpec spec = platform.export();
    // a plan never shows a secret: stand-ins, whether or not the real ones exist yet
    List<Step> planned = Planner.steps(spec, request, HeketiSecrets.placeholders(), properties.rootPrefix());
    RecordingRemoteShell shell = new RecordingRemoteShell();
    List<JobViews.PlannedStep> out = new ArrayList<>();
    int seq = 1;
    for (Step step : planned) {
      SshTarget target = step.host() == null ? null : target(InventoryEdits.host(spec, step.host()));
      StepContext ctx = new StepContext(target, shell, new RecordingContainerEngine(step.host()),
          Planner.root(properties.rootPrefix(), step.host()), Set.of(), entry -> { },
          () -> new StepContext.PlatformResult(true, "a dry run does not call Heketi"),
          (host, json) -> "a dry run records nothing");
      step.body().run(ctx);
      out.add(new JobViews.PlannedStep(seq++, step.host(), step.name(), ctx.entries()));
    }
    return new JobViews.Plan(request.type().wire(), true, out, PlanScript.render(request.type().wire(), out));
  }

  /** Plans and queues a job; a full queue is a 503 problem and leaves no job behind. */
  public JobViews.Job start(JobRequest request) {
    List<Step> planned = Planner.steps(platform.export(), request, HeketiSecrets.placeholders(),
        properties.rootPrefix());
    String id = store.create(request, planned);
    try {
      runner.submit(id);
    } catch (ErrorResponseException full) {
      store.forget(id);
      throw full;
    }
    return view(id, false);
  }

  /** Queues an ended job again from its first unfinished step; refused while any of its steps runs. */
  public JobViews.Job retry(String id) {
    store.requeue(id);
    try {
      runner.submit(id);
    } catch (ErrorResponseException full) {
      store.end(id, JobEntity.State.FAILED, full.getBody().getDetail());
      throw full;
    }
    return view(id, false);
  }

  /** Stops a job after its current steps (a queued job does not start). */
  public JobViews.Job cancel(String id) {
    store.requestCancel(id);
    return view(id, false);
  }

  /** Jobs that were queued or running when Tandem stopped: never silently lost, never run twice at once. */
  @EventListener(ApplicationReadyEvent.class)
  void recover() {
    List<JobEntity> unfinished = new ArrayList<>(jobs.findByState(JobEntity.State.QUEUED));
    unfinished.addAll(jobs.findByState(JobEntity.State.RUNNING));
    for (JobEntity job : unfinished) {
      log.warn("job {} ({}) was {} when Tandem stopped: marking it interrupted; retry resumes it", job.id, job.type,
          job.state.name().toLowerCase());
      tx.executeWithoutResult(status -> steps.findByJobIdOrderBySeq(job.id).stream()
          .filter(s -> s.state == JobStepEntity.State.RUNNING)
          .forEach(s -> s.state = JobStepEntity.State.INTERRUPTED));
      store.end(job.id, JobEntity.State.INTERRUPTED, "Tandem stopped while the job was " + job.state.name()
          .toLowerCase() + "; POST /api/v1/jobs/" + job.id + "/retry resumes it from its first unfinished step");
    }
  }

  public JobViews.Job view(String id, boolean withLogs) {
    return store.view(id, withLogs);
  }

  public List<JobViews.Job> list() {
    return store.list();
  }

  /** The log after chunk {@code afterSeq}: followed with the returned last number, it is read in append order. */
  JobLog.Chunk log(String id, int afterSeq) {
    return jobLog.since(id, afterSeq);
  }

  public String tandemPublicKey() {
    return secrets.tandemPublicKey();
  }

  private static SshTarget target(HostSpec h) {
    return new SshTarget(h.name(), h.address(), h.sshPort(), h.sshUser());
  }
}
