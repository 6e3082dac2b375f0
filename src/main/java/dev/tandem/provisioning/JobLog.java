package dev.tandem.provisioning;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A job's log: chunks of text that the runner's threads append, hosts in parallel. Each chunk gets
 * the job's next number under the job's row lock and commits before the lock is released, so the
 * numbers become visible in order: a reader that asks for what follows the last number it saw gets
 * every chunk once, in append order. The log read at the end and the log followed while the job ran
 * are the same text.
 */
@Component
class JobLog {

  /** The chunks after a number, the last number among them, and whether the job had ended before the read. */
  record Chunk(String text, int lastSeq, boolean ended) {}

  private final JobRepository jobs;
  private final JobLogRepository lines;
  private final TransactionTemplate tx;

  JobLog(JobRepository jobs, JobLogRepository lines, TransactionTemplate tx) {
    this.jobs = jobs;
    this.lines = lines;
    this.tx = tx;
  }

  /** Appends a chunk in a transaction of its own; {@code stepSeq} null for the job's own lines. */
  void append(String jobId, Integer stepSeq, String text) {
    tx.executeWithoutResult(status -> appendInTransaction(jobId, stepSeq, text));
  }

  /** Appends within the caller's transaction, holding the job's row lock until it ends. */
  void appendInTransaction(String jobId, Integer stepSeq, String text) {
    jobs.findByIdForUpdate(jobId).orElseThrow(() -> JobProblems.notFound(jobId));
    JobLogEntity line = new JobLogEntity();
    line.jobId = jobId;
    line.seq = lines.lastSeq(jobId) + 1;
    line.stepSeq = stepSeq;
    line.text = text;
    lines.save(line);
  }

  /** What was appended after {@code afterSeq}; {@code ended} is read first, so an ended job's chunk is complete. */
  Chunk since(String jobId, int afterSeq) {
    boolean ended = jobs.findById(jobId).map(j -> j.state.ended()).orElseThrow(() -> JobProblems.notFound(jobId));
    List<JobLogEntity> found = lines.findByJobIdAndSeqGreaterThanOrderBySeq(jobId, afterSeq);
    StringBuilder text = new StringBuilder();
    found.forEach(line -> text.append(line.text));
    return new Chunk(text.toString(), found.isEmpty() ? afterSeq : found.get(found.size() - 1).seq, ended);
  }

  /** Each step's part of the log, by step number. */
  Map<Integer, String> bySteps(String jobId) {
    Map<Integer, String> out = new TreeMap<>();
    lines.findByJobIdAndSeqGreaterThanOrderBySeq(jobId, 0).stream().filter(line -> line.stepSeq != null)
        .forEach(line -> out.merge(line.stepSeq, line.text, String::concat));
    return out;
  }
}
