package dev.tandem.provisioning;

import dev.tandem.exec.ContainerEngine;
import dev.tandem.exec.DockerJavaContainerEngine;
import dev.tandem.exec.HostKeys;
import dev.tandem.exec.JschRemoteShell;
import dev.tandem.exec.RecordingContainerEngine;
import dev.tandem.exec.RecordingRemoteShell;
import dev.tandem.exec.RemoteShell;
import dev.tandem.exec.SshTarget;
import dev.tandem.inventory.HostKeyStore;
import dev.tandem.inventory.HostSpec;
import dev.tandem.inventory.PlatformService;
import dev.tandem.inventory.PlatformSpec;
import dev.tandem.storage.ReconcileReport;
import dev.tandem.storage.Reconciler;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plans and runs jobs. A plan runs the steps over recording executors; a job persists its steps,
 * then runs them over JSch and docker-java: hosts in parallel (bounded), one host's steps in order,
 * a failed host stopping only itself, platform steps (reconcile) once every host succeeded. A job
 * still running when Tandem starts was interrupted by a stop: it is marked so, and retry resumes it
 * from its first unfinished step.
 */
@Service
public class JobService {

  private static final Logger log = LoggerFactory.getLogger(JobService.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final PlatformService platform;
  private final HostKeyStore hostKeys;
  private final Reconciler reconciler;
  private final PlatformSecrets secrets;
  private final DeviceRecorder devices;
  private final JobRepository jobs;
  private final JobStepRepository steps;
  private final TransactionTemplate tx;
  private final TaskExecutor executor;
  private final ProvisioningProperties properties;
  private final HeketiEndpoints heketiEndpoints;

  JobService(PlatformService platform, HostKeyStore hostKeys, Reconciler reconciler, PlatformSecrets secrets,
      DeviceRecorder devices, JobRepository jobs, JobStepRepository steps, TransactionTemplate tx,
      TaskExecutor executor, ProvisioningProperties properties, HeketiEndpoints heketiEndpoints) {
    this.heketiEndpoints = heketiEndpoints;
    this.platform = platform;
    this.hostKeys = hostKeys;
    this.reconciler = reconciler;
    this.secrets = secrets;
    this.devices = devices;
    this.jobs = jobs;
    this.steps = steps;
    this.tx = tx;
    this.executor = executor;
    this.properties = properties;
  }

  // ---- plans ----

  /** The exact steps, commands, files and Docker calls a real run would make on a fresh platform. */
  public JobViews.Plan plan(JobRequest request) {
    PlatformSpec spec = platform.export();
    // a plan never shows a secret: stand-ins, whether or not the real ones exist yet
    List<Step> planned = Planner.steps(spec, request, HeketiSecrets.placeholders(), properties.rootPrefix());
    RecordingRemoteShell shell = new RecordingRemoteShell();
    List<JobViews.PlannedStep> out = new ArrayList<>();
    int seq = 1;
    for (Step step : planned) {
      SshTarget target = step.host() == null ? null : target(spec, step.host());
      StepContext ctx = new StepContext(target, shell, new RecordingContainerEngine(step.host()),
          Planner.root(properties.rootPrefix(), step.host()), Set.of(), entry -> { },
          () -> new StepContext.PlatformResult(true, "a dry run does not call Heketi"),
          (host, json) -> "a dry run records nothing");
      step.body().run(ctx);
      out.add(new JobViews.PlannedStep(seq++, step.host(), step.name(), ctx.entries()));
    }
    return new JobViews.Plan(request.type().wire(), true, out, PlanScript.render(request.type().wire(), out));
  }

  // ---- jobs ----

  public JobViews.Job start(JobRequest request) {
    PlatformSpec spec = platform.export();
    List<Step> planned = Planner.steps(spec, request, HeketiSecrets.placeholders(), properties.rootPrefix());
    JobEntity job = new JobEntity();
    job.id = UUID.randomUUID().toString();
    job.type = request.type().wire();
    job.state = JobEntity.State.RUNNING;
    job.request = JSON.writeValueAsString(request);
    job.createdAt = OffsetDateTime.now();
    tx.executeWithoutResult(status -> {
      jobs.save(job);
      int seq = 1;
      for (Step step : planned) {
        JobStepEntity row = new JobStepEntity();
        row.jobId = job.id;
        row.seq = seq++;
        row.host = step.host();
        row.name = step.name();
        row.state = JobStepEntity.State.PENDING;
        row.log = "";
        steps.save(row);
      }
    });
    executor.execute(() -> run(job.id));
    return view(job.id, false);
  }

  public JobViews.Job retry(String id) {
    find(id);
    tx.executeWithoutResult(status -> {
      // under a row lock, so two retries never both start the job
      JobEntity j = jobs.findByIdForUpdate(id).orElseThrow();
      if (j.state == JobEntity.State.RUNNING || j.state == JobEntity.State.SUCCEEDED) {
        throw JobProblems.conflict("job " + id + " is " + j.state.name().toLowerCase(), "only failed, cancelled or"
            + " interrupted jobs are retried");
      }
      j.state = JobEntity.State.RUNNING;
      j.cancel = false;
      j.message = null;
      j.endedAt = null;
      steps.findByJobIdOrderBySeq(id).stream().filter(s -> !s.state.done()).forEach(s -> {
        s.state = JobStepEntity.State.PENDING;
        s.log = s.log + (s.log.isEmpty() ? "" : "--- retry ---\n");
      });
    });
    executor.execute(() -> run(id));
    return view(id, false);
  }

  public JobViews.Job cancel(String id) {
    JobEntity job = find(id);
    if (job.state.ended()) {
      throw JobProblems.conflict("job " + id + " has already ended (" + job.state.name().toLowerCase() + ")", "nothing to cancel");
    }
    tx.executeWithoutResult(status -> jobs.findById(id).orElseThrow().cancel = true);
    return view(id, false);
  }

  /** Jobs that were running when Tandem stopped: never silently lost, never run twice at once. */
  @EventListener(ApplicationReadyEvent.class)
  void recover() {
    for (JobEntity job : jobs.findByState(JobEntity.State.RUNNING)) {
      log.warn("job {} ({}) was running when Tandem stopped: marking it interrupted; retry resumes it", job.id, job.type);
      tx.executeWithoutResult(status -> {
        JobEntity j = jobs.findById(job.id).orElseThrow();
        j.state = JobEntity.State.INTERRUPTED;
        j.message = "Tandem stopped while the job was running; POST /api/v1/jobs/" + j.id
            + "/retry resumes it from its first unfinished step";
        j.endedAt = OffsetDateTime.now();
        steps.findByJobIdOrderBySeq(j.id).stream().filter(s -> s.state == JobStepEntity.State.RUNNING)
            .forEach(s -> s.state = JobStepEntity.State.INTERRUPTED);
      });
    }
  }

  void run(String id) {
    PlatformSpec spec;
    List<JobStepEntity> rows;
    JobRequest request;
    List<Step> planned;
    HeketiSecrets heketi;
    try {
      JobEntity job = find(id);
      request = JSON.readValue(job.request, JobRequest.class);
      tx.executeWithoutResult(status -> jobs.findById(id).orElseThrow().startedAt = OffsetDateTime.now());
      spec = platform.export();
      rows = steps.findByJobIdOrderBySeq(id);
      heketi = secrets.heketi();
      planned = Planner.steps(spec, request, heketi, properties.rootPrefix());
      if (planned.size() != rows.size() || !namesMatch(planned, rows)) {
        throw new StepFailed("the inventory changed since this job was planned; start a new job");
      }
    } catch (RuntimeException e) {
      end(id, JobEntity.State.FAILED, message(e));
      return;
    }
    Set<String> masked = Set.of(heketi.sshPrivateKey(), heketi.adminKey(), heketi.userKey());
    Map<String, List<Integer>> byHost = new LinkedHashMap<>();
    List<Integer> platformSteps = new ArrayList<>();
    for (int i = 0; i < planned.size(); i++) {
      if (planned.get(i).host() == null) {
        platformSteps.add(i);
      } else {
        byHost.computeIfAbsent(planned.get(i).host(), h -> new ArrayList<>()).add(i);
      }
    }
    Map<String, ContainerEngine> engines = new HashMap<>();
    ExecutorService hosts = Executors.newFixedThreadPool(Math.max(1, Math.min(byHost.size(),
        properties.hostParallelism())));
    try (JschRemoteShell shell = new JschRemoteShell(secrets.tandemPrivateKey(), inventoryHostKeys(),
        properties.connectTimeout(), properties.commandTimeout())) {
      List<Future<Boolean>> results = new ArrayList<>();
      for (Map.Entry<String, List<Integer>> host : byHost.entrySet()) {
        HostSpec hostSpec = host(spec, host.getKey());
        String endpoint = hostSpec.dockerEndpoint() != null ? hostSpec.dockerEndpoint()
            : properties.defaultDockerEndpoint();
        String tls = null;
        if (endpoint.startsWith("tcp://")) {
          java.nio.file.Path certs = properties.dockerTlsDir() == null ? null
              : properties.dockerTlsDir().resolve(hostSpec.name());
          if (certs == null || !java.nio.file.Files.isReadable(certs.resolve("cert.pem"))) {
            throw new StepFailed(hostSpec.name() + ": the Docker engine at " + endpoint + " needs TLS: put ca.pem,"
                + " cert.pem and key.pem in tandem.provisioning.docker-tls-dir/" + hostSpec.name());
          }
          tls = certs.toString();
        }
        ContainerEngine engine = new DockerJavaContainerEngine(endpoint, tls, properties.connectTimeout());
        engines.put(host.getKey(), engine);
        boolean stopOthers = request.stopOnFailure();
        results.add(hosts.submit(() -> {
          boolean ok = runHost(id, host.getValue(), planned, rows, target(spec, host.getKey()), shell, engine, masked);
          if (!ok && stopOthers) {
            tx.executeWithoutResult(status -> jobs.findById(id).orElseThrow().cancel = true);
          }
          return ok;
        }));
      }
      boolean allOk = true;
      for (Future<Boolean> result : results) {
        allOk &= result.get();
      }
      for (int index : platformSteps) {
        if (allOk && !cancelled(id)) {
          allOk = runStep(id, planned.get(index), rows.get(index), null, shell, null, masked);
        } else if (!rows.get(index).state.done()) {
          setState(rows.get(index).id, cancelled(id) ? JobStepEntity.State.CANCELLED : JobStepEntity.State.SKIPPED);
        }
      }
      JobEntity.State state = !allOk ? JobEntity.State.FAILED
          : cancelled(id) ? JobEntity.State.CANCELLED : JobEntity.State.SUCCEEDED;
      end(id, state, summary(id));
    } catch (Exception e) {
      log.error("job {} failed", id, e);
      end(id, JobEntity.State.FAILED, message(e));
    } finally {
      hosts.shutdownNow();
      engines.values().forEach(engine -> {
        try {
          ((AutoCloseable) engine).close();
        } catch (Exception ignored) {
          // closing a client
        }
      });
    }
  }

  private boolean runHost(String jobId, List<Integer> indexes, List<Step> planned, List<JobStepEntity> rows,
      SshTarget target, RemoteShell shell, ContainerEngine engine, Set<String> masked) {
    boolean ok = true;
    for (int index : indexes) {
      JobStepEntity row = rows.get(index);
      if (row.state.done()) {
        continue;
      }
      if (!ok || cancelled(jobId)) {
        setState(row.id, cancelled(jobId) ? JobStepEntity.State.CANCELLED : JobStepEntity.State.SKIPPED);
        continue;
      }
      ok = runStep(jobId, planned.get(index), row, target, shell, engine, masked);
    }
    return ok;
  }

  private boolean runStep(String jobId, Step step, JobStepEntity row, SshTarget target, RemoteShell shell,
      ContainerEngine engine, Set<String> masked) {
    tx.executeWithoutResult(status -> {
      JobStepEntity s = steps.findById(row.id).orElseThrow();
      s.state = JobStepEntity.State.RUNNING;
      s.startedAt = OffsetDateTime.now();
    });
    Supplier<StepContext.PlatformResult> reconcile = () -> {
      ReconcileReport report = reconciler.reconcile(platform.export().pools().stream().map(p -> p.name()).toList(),
          false);
      String failures = report.pools().stream().filter(p -> p.error() != null)
          .map(p -> p.pool() + ": " + p.error()).reduce((a, b) -> a + "; " + b).orElse(null);
      if (failures != null) {
        throw new StepFailed("reconcile failed for " + failures);
      }
      return new StepContext.PlatformResult(report.changed(), report.message());
    };
    StepContext ctx = new StepContext(target, shell, engine, Planner.root(properties.rootPrefix(), step.host()), masked,
        entry -> append(row.id, PlanScript.line(entry)), reconcile, devices::record)
        .withHeketiSwitch(heketiEndpoints::use)
        .withWipeRecorder(devices::wiped);
    try {
      Step.Outcome outcome = step.body().run(ctx);
      finish(row.id, outcome == Step.Outcome.CHANGED ? JobStepEntity.State.CHANGED : JobStepEntity.State.UNCHANGED,
          null);
      return true;
    } catch (RuntimeException e) {
      finish(row.id, JobStepEntity.State.FAILED, "FAILED: " + message(e) + "\n");
      return false;
    }
  }

  // ---- reads ----

  public JobViews.Job view(String id, boolean withLogs) {
    JobEntity job = find(id);
    List<JobViews.JobStep> list = steps.findByJobIdOrderBySeq(id).stream()
        .map(s -> new JobViews.JobStep(s.seq, s.host, s.name, s.state.name().toLowerCase(), s.startedAt, s.endedAt,
            withLogs ? s.log : null))
        .toList();
    return new JobViews.Job(job.id, job.type, job.state.name().toLowerCase(), job.message, job.createdAt,
        job.startedAt, job.endedAt, list, "/api/v1/jobs/" + job.id, "/api/v1/jobs/" + job.id + "/log");
  }

  public List<JobViews.Job> list() {
    return jobs.findTop100ByOrderByCreatedAtDesc().stream().map(j -> view(j.id, false)).toList();
  }

  /** Every step's log so far, in order, and whether the job has ended. */
  public record LogSnapshot(String text, boolean ended) {}

  public LogSnapshot log(String id) {
    JobEntity job = find(id);
    StringBuilder text = new StringBuilder();
    for (JobStepEntity s : steps.findByJobIdOrderBySeq(id)) {
      if (s.state == JobStepEntity.State.PENDING && s.log.isEmpty()) {
        continue;
      }
      text.append("== ").append(s.seq).append(' ').append(s.host == null ? "platform" : s.host).append(": ")
          .append(s.name).append('\n').append(s.log);
      if (s.state != JobStepEntity.State.RUNNING && s.state != JobStepEntity.State.PENDING) {
        text.append("-> ").append(s.state.name().toLowerCase()).append('\n');
      }
    }
    if (job.state.ended()) {
      text.append("== job ").append(job.state.name().toLowerCase())
          .append(job.message == null ? "" : ": " + job.message).append('\n');
    }
    return new LogSnapshot(text.toString(), job.state.ended());
  }

  public String tandemPublicKey() {
    return secrets.tandemPublicKey();
  }

  // ---- helpers ----

  private HostKeys inventoryHostKeys() {
    return new HostKeys() {
      @Override
      public Optional<String> known(String host) {
        return hostKeys.hostKey(host);
      }

      @Override
      public void record(String host, String key) {
        hostKeys.recordHostKey(host, key);
      }
    };
  }

  private static SshTarget target(PlatformSpec spec, String host) {
    HostSpec h = host(spec, host);
    return new SshTarget(h.name(), h.address(), h.sshPort(), h.sshUser());
  }

  private static HostSpec host(PlatformSpec spec, String host) {
    return spec.hosts().stream().filter(h -> h.name().equals(host)).findFirst().orElseThrow();
  }

  private static boolean namesMatch(List<Step> planned, List<JobStepEntity> rows) {
    for (int i = 0; i < planned.size(); i++) {
      if (!planned.get(i).name().equals(rows.get(i).name)) {
        return false;
      }
    }
    return true;
  }

  private boolean cancelled(String id) {
    return jobs.findById(id).map(j -> j.cancel).orElse(true);
  }

  private void append(Long stepId, String line) {
    tx.executeWithoutResult(status -> steps.append(stepId, line));
  }

  private void setState(Long stepId, JobStepEntity.State state) {
    tx.executeWithoutResult(status -> steps.findById(stepId).orElseThrow().state = state);
  }

  private void finish(Long stepId, JobStepEntity.State state, String line) {
    tx.executeWithoutResult(status -> {
      JobStepEntity s = steps.findById(stepId).orElseThrow();
      s.state = state;
      s.endedAt = OffsetDateTime.now();
      if (line != null) {
        s.log = s.log + line;
      }
    });
  }

  private void end(String id, JobEntity.State state, String message) {
    tx.executeWithoutResult(status -> {
      JobEntity j = jobs.findById(id).orElseThrow();
      j.state = state;
      j.message = message == null ? null : message.length() > 4000 ? message.substring(0, 4000) : message;
      j.endedAt = OffsetDateTime.now();
    });
  }

  private String summary(String id) {
    Map<JobStepEntity.State, Integer> counts = new java.util.TreeMap<>();
    steps.findByJobIdOrderBySeq(id).forEach(s -> counts.merge(s.state, 1, Integer::sum));
    StringBuilder out = new StringBuilder();
    counts.forEach((state, n) -> out.append(out.isEmpty() ? "" : ", ").append(n).append(' ')
        .append(state.name().toLowerCase()));
    return out.toString();
  }

  private static String message(Throwable e) {
    Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof ErrorResponseException error) {
      return error.getBody().getDetail();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private JobEntity find(String id) {
    return jobs.findById(id).orElseThrow(() -> JobProblems.notFound(id));
  }
}
