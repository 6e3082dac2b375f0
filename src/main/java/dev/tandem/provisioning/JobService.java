package dev.tandem.provisioning;

import dev.tandem.coordination.ClaimedWork;
import dev.tandem.coordination.SingleFlight;
import dev.tandem.exec.RecordingContainerEngine;
import dev.tandem.exec.RecordingRemoteShell;
import dev.tandem.exec.SshTarget;
import dev.tandem.heketidb.BackupFiles;
import dev.tandem.inventory.HostSpec;
import dev.tandem.inventory.InventoryEdits;
import dev.tandem.inventory.PlatformService;
import dev.tandem.inventory.PlatformSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The jobs API's service. A plan runs the steps over recording executors; a job is persisted
 * ({@link JobStore}) and scheduled on the job lane ({@link JobLane}) in one transaction, run by the
 * {@link JobRunner} of whichever live replica claims it, and logged in append order ({@link JobLog}).
 * Nothing here touches a job at start: a job whose replica stopped or was killed is continued through
 * its claim, by another replica or by this one.
 */
@Service
public class JobService {

  static final String SWAP_START = "device-swap-start";
  private static final Set<String> DEVICE_SWAPS = Set.of(JobRequest.Type.REPLACE_DEVICE.wire(),
      JobRequest.Type.REMOVE_DEVICE.wire());

  private final PlatformService platform;
  private final PlatformSecrets secrets;
  private final JobStore store;
  private final JobLog jobLog;
  private final ClaimedWork lane;
  private final TransactionTemplate tx;
  private final ProvisioningProperties properties;
  private final BackupFiles backups;
  private final HeketiDeviceSwap deviceSwap;
  private final SingleFlight singleFlight;

  JobService(PlatformService platform, PlatformSecrets secrets, JobStore store, JobLog jobLog,
      @Qualifier(JobLane.BEAN) ClaimedWork lane, TransactionTemplate tx, ProvisioningProperties properties,
      BackupFiles backups, HeketiDeviceSwap deviceSwap, SingleFlight singleFlight) {
    this.platform = platform;
    this.secrets = secrets;
    this.store = store;
    this.jobLog = jobLog;
    this.lane = lane;
    this.tx = tx;
    this.properties = properties;
    this.backups = backups;
    this.deviceSwap = deviceSwap;
    this.singleFlight = singleFlight;
  }

  /** The exact steps, commands, files and Docker calls a real run would make on a fresh platform. */
  public JobViews.Plan plan(JobRequest request) {
    PlatformSpec spec = platform.export();
    // a plan never shows a secret: stand-ins, whether or not the real ones exist yet
    List<Step> planned = Planner.steps(spec, request, HeketiSecrets.placeholders(), properties, backups);
    preflight(request);
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

  /**
   * Plans and queues a job: its rows and its claim commit together. When {@code job-queue} jobs already
   * wait (on every replica together), a 503 problem, and no job is left behind.
   */
  public JobViews.Job start(JobRequest request) {
    List<Step> planned = Planner.steps(platform.export(), request, HeketiSecrets.placeholders(), properties,
        backups);
    preflight(request);
    String id = exclusively(request, () -> tx.execute(status -> {
      refuseSecondDeviceSwap(request, null);
      refuseGoneBackup(request);
      refuseWhenFull(0);
      String created = store.create(request, planned);
      if (!lane.schedule(JobLane.TASK, created)) {
        throw new IllegalStateException("job " + created + " was already scheduled");
      }
      return created;
    }));
    return view(id, false);
  }

  /**
   * Queues an ended job again from its first unfinished step (also one an earlier Tandem version left
   * interrupted); refused while any of its steps runs, and with a 503 problem, the job unchanged, when
   * the queue is full.
   */
  public JobViews.Job retry(String id) {
    exclusively(store.request(id), () -> tx.execute(status -> {
      store.requeue(id);
      refuseSecondDeviceSwap(store.request(id), id);
      refuseGoneBackup(store.request(id));
      refuseWhenFull(1);
      if (!lane.schedule(JobLane.TASK, id)) {
        throw JobProblems.conflict("job " + id + " is still being released by the replica that ran it",
            "repeat the retry in a few seconds");
      }
      return id;
    }));
    return view(id, false);
  }

  /**
   * Starts (or retries) a replace-device or remove-device job under the single-flight {@value #SWAP_START} on
   * all replicas, so that two starts cannot both pass {@link #refuseSecondDeviceSwap} before either commits;
   * a restore-heketi-db job under {@link BackupFiles#SINGLE_FLIGHT}, so that its backup, found kept by
   * {@link #refuseGoneBackup}, is not deleted or pruned before the job commits; other jobs start at once.
   */
  private String exclusively(JobRequest request, Supplier<String> start) {
    if (request.type() == JobRequest.Type.RESTORE_HEKETI_DB) {
      return singleFlight.waiting(BackupFiles.SINGLE_FLIGHT, BackupFiles.SINGLE_FLIGHT_WAIT, start)
          .orElseThrow(() -> JobProblems.conflict("a Heketi backup is being deleted or pruned",
              "repeat the request in a few seconds"));
    }
    if (!DEVICE_SWAPS.contains(request.type().wire())) {
      return start.get();
    }
    return singleFlight.waiting(SWAP_START, Duration.ofSeconds(10), start).orElseThrow(() -> JobProblems.conflict(
        "another replace-device or remove-device job is being started", "repeat the request in a few seconds"));
  }

  /** A restore-heketi-db job whose backup is no longer kept is refused (checked again under the single flight). */
  private void refuseGoneBackup(JobRequest request) {
    if (request.type() == JobRequest.Type.RESTORE_HEKETI_DB) {
      HeketiRestore.backup(request, backups);
    }
  }

  /** Stops a job after its current steps, whichever replica runs it (a queued job does not start). */
  public JobViews.Job cancel(String id) {
    store.requestCancel(id);
    return view(id, false);
  }

  /** What must hold before a job is planned or started, beyond what planning checks again when it runs. */
  private void preflight(JobRequest request) {
    if (request.type() == JobRequest.Type.REPLACE_DEVICE || request.type() == JobRequest.Type.REMOVE_DEVICE) {
      deviceSwap.preflight(request);
    }
  }

  /**
   * One replace-device or remove-device job per pool at a time (409, nothing changed, otherwise): two
   * could otherwise both take the same replacement, each checking it before the other assigns it.
   */
  private void refuseSecondDeviceSwap(JobRequest request, String self) {
    if (!DEVICE_SWAPS.contains(request.type().wire())) {
      return;
    }
    String pool = request.pools().get(0);
    List<String> other = store.active(DEVICE_SWAPS, pool, self);
    if (!other.isEmpty()) {
      throw JobProblems.conflict("pool " + pool + " already has a replace-device or remove-device job queued or"
          + " running (" + other.get(0) + ")", "wait until it ends (GET /api/v1/jobs/" + other.get(0) + "), then"
          + " start this one");
    }
  }

  /** Refuses when {@code job-queue} jobs already wait, not counting the caller's own {@code own}. */
  private void refuseWhenFull(int own) {
    if (store.queued() - own >= properties.jobQueue()) {
      throw JobProblems.queueFull(properties.jobThreads(), properties.jobQueue());
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
