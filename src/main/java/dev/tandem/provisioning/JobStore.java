package dev.tandem.provisioning;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs and their steps as rows: a job is created QUEUED with every step PENDING, becomes RUNNING when
 * a replica's job thread claims it, goes back to QUEUED when a stopping replica hands it back, and ends
 * with the line that says how. Each change is a short transaction of
 * its own; a job's state and its log's last line change together.
 */
@Component
class JobStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JobRepository jobs;
  private final JobStepRepository steps;
  private final JobLog log;
  private final TransactionTemplate tx;
  private final JdbcTemplate jdbc;

  JobStore(JobRepository jobs, JobStepRepository steps, JobLog log, TransactionTemplate tx, JdbcTemplate jdbc) {
    this.jobs = jobs;
    this.steps = steps;
    this.log = log;
    this.tx = tx;
    this.jdbc = jdbc;
  }

  /**
   * This replica no longer holds the job's claim: its heartbeats were not renewed in time (it lost the
   * database for longer than the dead-claim timeout, say), and the lane gave the job to another replica.
   */
  static final class ClaimLost extends RuntimeException {
    ClaimLost(String jobId, String replica) {
      super("job " + jobId + ": " + replica + " no longer holds its claim; another replica continues it");
    }
  }

  /** A new job, queued, with its planned steps pending (in the caller's transaction, if any); answers its id. */
  String create(JobRequest request, List<Step> planned) {
    JobEntity job = new JobEntity();
    job.id = UUID.randomUUID().toString();
    job.type = request.type().wire();
    job.state = JobEntity.State.QUEUED;
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
        steps.save(row);
      }
    });
    return job.id;
  }

  /**
   * Queues an ended job again, from its first unfinished step. Under the job's row lock, so two
   * retries never both queue it; refused while the job is queued or running, or while any of its
   * steps still runs.
   */
  void requeue(String id) {
    tx.executeWithoutResult(status -> {
      JobEntity j = jobs.findByIdForUpdate(id).orElseThrow(() -> JobProblems.notFound(id));
      List<JobStepEntity> rows = steps.findByJobIdOrderBySeq(id);
      if (!j.state.ended() || j.state == JobEntity.State.SUCCEEDED) {
        throw JobProblems.conflict("job " + id + " is " + j.state.name().toLowerCase(), "only failed, cancelled or"
            + " interrupted jobs are retried");
      }
      if (rows.stream().anyMatch(s -> s.state == JobStepEntity.State.RUNNING)) {
        throw JobProblems.conflict("job " + id + " still has running steps", "wait until they end, then retry");
      }
      j.state = JobEntity.State.QUEUED;
      j.cancel = false;
      j.message = null;
      j.endedAt = null;
      rows.stream().filter(s -> !s.state.done()).forEach(s -> s.state = JobStepEntity.State.PENDING);
      log.appendInTransaction(id, null, "== retry from the first unfinished step\n");
    });
  }

  /**
   * A replica's job thread claimed the job: QUEUED → RUNNING, or RUNNING still when the replica that ran
   * it was killed (its claim died; the job resumes from its first unfinished step). False when there is
   * nothing to run: the job is gone or ended, or it was cancelled before it started (it ends so).
   */
  boolean begin(String id, String replica) {
    Boolean begun = tx.execute(status -> {
      JobEntity j = jobs.findByIdForUpdate(id).orElse(null);
      if (j == null || j.state.ended()) {
        return false;
      }
      if (j.cancel && j.state == JobEntity.State.QUEUED) {
        endLocked(j, JobEntity.State.CANCELLED, "cancelled before it started");
        return false;
      }
      if (j.state == JobEntity.State.RUNNING) {
        log.appendInTransaction(id, null, "== resumed on " + replica + ": the replica that ran the job stopped"
            + " without handing it back; from the first unfinished step\n");
      }
      j.state = JobEntity.State.RUNNING;
      if (j.startedAt == null) {
        j.startedAt = OffsetDateTime.now();
      }
      return true;
    });
    return Boolean.TRUE.equals(begun);
  }

  /** A stopping replica hands the job back between steps: QUEUED until another replica claims it. */
  void handBack(String id, String replica) {
    tx.executeWithoutResult(status -> {
      JobEntity j = jobs.findByIdForUpdate(id).orElseThrow();
      j.state = JobEntity.State.QUEUED;
      log.appendInTransaction(id, null, "== handed back by " + replica + ", which is stopping; another replica"
          + " continues from the first unfinished step\n");
    });
  }

  /** Jobs waiting for a job thread, on every replica together. */
  long queued() {
    return jobs.countByState(JobEntity.State.QUEUED);
  }

  /** The queued or running jobs of these types that name the pool, other than {@code except} (may be null). */
  List<String> active(Set<String> types, String pool, String except) {
    return jobs.findByTypeInAndStateIn(types, List.of(JobEntity.State.QUEUED, JobEntity.State.RUNNING)).stream()
        .filter(j -> !j.id.equals(except) && JSON.readValue(j.request, JobRequest.class).pools().contains(pool))
        .map(j -> j.id).toList();
  }

  void requestCancel(String id) {
    tx.executeWithoutResult(status -> {
      JobEntity j = jobs.findByIdForUpdate(id).orElseThrow(() -> JobProblems.notFound(id));
      if (j.state.ended()) {
        throw JobProblems.conflict("job " + id + " has already ended (" + j.state.name().toLowerCase() + ")",
            "nothing to cancel");
      }
      j.cancel = true;
    });
  }

  boolean cancelled(String id) {
    return jobs.findById(id).map(j -> j.cancel).orElse(true);
  }

  JobEntity find(String id) {
    return jobs.findById(id).orElseThrow(() -> JobProblems.notFound(id));
  }

  JobRequest request(String id) {
    return JSON.readValue(find(id).request, JobRequest.class);
  }

  List<JobStepEntity> steps(String id) {
    return steps.findByJobIdOrderBySeq(id);
  }

  /** A step begins on {@code replica}: RUNNING, one more attempt, and its heading in the log. */
  void startStep(JobStepEntity row, String replica) {
    tx.executeWithoutResult(status -> {
      // a step starts only under this replica's own claim: never while another replica runs the job
      List<String> holder = jdbc.queryForList("select picked_by from job_claim where task_name = ? and task_instance = ?"
          + " and picked = true for update", String.class, JobLane.TASK, row.jobId);
      if (holder.size() != 1 || !replica.equals(holder.get(0))) {
        throw new ClaimLost(row.jobId, replica);
      }
      JobStepEntity s = steps.findById(row.id).orElseThrow();
      s.state = JobStepEntity.State.RUNNING;
      s.startedAt = OffsetDateTime.now();
      s.endedAt = null;
      s.attempts++;
      s.replica = replica;
    });
    log.append(row.jobId, row.seq, heading(row));
  }

  /** A step ends, having run or not (skipped, cancelled): its state, and its outcome in the log. */
  void finishStep(JobStepEntity row, JobStepEntity.State state, boolean ran) {
    tx.executeWithoutResult(status -> {
      JobStepEntity s = steps.findById(row.id).orElseThrow();
      s.state = state;
      if (ran) {
        s.endedAt = OffsetDateTime.now();
      }
    });
    log.append(row.jobId, row.seq, (ran ? "" : heading(row)) + "-> " + state.name().toLowerCase() + "\n");
  }

  /** The job ends: its state, message and the log's last line, in one transaction. */
  void end(String id, JobEntity.State state, String message) {
    tx.executeWithoutResult(status -> endLocked(jobs.findByIdForUpdate(id).orElseThrow(), state, message));
  }

  /** How many steps ended in each state, e.g. "3 changed, 5 unchanged". */
  String summary(String id) {
    Map<JobStepEntity.State, Integer> counts = new TreeMap<>();
    steps.findByJobIdOrderBySeq(id).forEach(s -> counts.merge(s.state, 1, Integer::sum));
    StringBuilder out = new StringBuilder();
    counts.forEach((state, n) -> out.append(out.isEmpty() ? "" : ", ").append(n).append(' ')
        .append(state.name().toLowerCase()));
    return out.toString();
  }

  JobViews.Job view(String id, boolean withLogs) {
    JobEntity job = find(id);
    Map<Integer, String> logs = withLogs ? log.bySteps(id) : Map.of();
    List<JobViews.JobStep> list = steps.findByJobIdOrderBySeq(id).stream()
        .map(s -> new JobViews.JobStep(s.seq, s.host, s.name, s.state.name().toLowerCase(), s.startedAt, s.endedAt,
            s.attempts, s.replica, withLogs ? logs.getOrDefault(s.seq, "") : null))
        .toList();
    return new JobViews.Job(job.id, job.type, job.state.name().toLowerCase(), job.message, job.createdAt,
        job.startedAt, job.endedAt, list, "/api/v1/jobs/" + job.id, "/api/v1/jobs/" + job.id + "/log");
  }

  List<JobViews.Job> list() {
    return jobs.findTop100ByOrderByCreatedAtDesc().stream().map(j -> view(j.id, false)).toList();
  }

  private void endLocked(JobEntity j, JobEntity.State state, String message) {
    j.state = state;
    j.message = message == null ? null : message.length() > 4000 ? message.substring(0, 4000) : message;
    j.endedAt = OffsetDateTime.now();
    log.appendInTransaction(j.id, null, "== job " + state.name().toLowerCase()
        + (j.message == null ? "" : ": " + j.message) + "\n");
  }

  private static String heading(JobStepEntity row) {
    return "== " + row.seq + " " + (row.host == null ? "platform" : row.host) + ": " + row.name + "\n";
  }
}
