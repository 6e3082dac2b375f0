package dev.tandem.provisioning;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs of one type that have not ended (queued, or running on any replica), and the newest one when it
 * ended without succeeding, read from the shared job rows.
 */
@Component
class UnendedJobs {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<JobEntity.State> UNENDED = List.of(JobEntity.State.QUEUED, JobEntity.State.RUNNING);

  private final JobRepository jobs;

  UnendedJobs(JobRepository jobs) {
    this.jobs = jobs;
  }

  /** A job and what it was asked to do. */
  record Unended(String id, JobRequest request) {}

  List<Unended> of(JobRequest.Type type) {
    return jobs.findByTypeAndStateIn(type.wire(), UNENDED).stream().map(UnendedJobs::unended).toList();
  }

  /**
   * The newest job of this type when it has not succeeded (not ended, or failed, cancelled or
   * interrupted: a retry may still finish it); empty when it succeeded or there is none.
   */
  Optional<Unended> newestUnsucceeded(JobRequest.Type type) {
    return jobs.findFirstByTypeOrderByCreatedAtDesc(type.wire())
        .filter(job -> job.state != JobEntity.State.SUCCEEDED).map(UnendedJobs::unended);
  }

  private static Unended unended(JobEntity job) {
    return new Unended(job.id, JSON.readValue(job.request, JobRequest.class));
  }
}
