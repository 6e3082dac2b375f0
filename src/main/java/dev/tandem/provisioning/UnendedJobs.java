package dev.tandem.provisioning;

import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Jobs of one type that have not ended (queued, or running on any replica), read from the shared job rows. */
@Component
class UnendedJobs {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<JobEntity.State> UNENDED = List.of(JobEntity.State.QUEUED, JobEntity.State.RUNNING);

  private final JobRepository jobs;

  UnendedJobs(JobRepository jobs) {
    this.jobs = jobs;
  }

  /** A job not yet ended and what it was asked to do. */
  record Unended(String id, JobRequest request) {}

  List<Unended> of(JobRequest.Type type) {
    return jobs.findByTypeAndStateIn(type.wire(), UNENDED).stream()
        .map(job -> new Unended(job.id, JSON.readValue(job.request, JobRequest.class))).toList();
  }
}
