package dev.tandem.provisioning;

import dev.tandem.storage.PoolHolds;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pool is held while a roll-pool job for it has not ended (queued, or running on any replica), read
 * from the job rows every replica shares: the hold begins with the job's row and is released when the
 * job ends, fails or is cancelled. A job whose replica died keeps holding the pool: it is not over, and
 * another replica resumes it.
 */
@Component
class RollHolds implements PoolHolds {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<JobEntity.State> UNENDED = List.of(JobEntity.State.QUEUED, JobEntity.State.RUNNING);

  private final JobRepository jobs;
  private final ProvisioningProperties properties;

  RollHolds(JobRepository jobs, ProvisioningProperties properties) {
    this.jobs = jobs;
    this.properties = properties;
  }

  @Override
  public Optional<Hold> hold(String pool) {
    for (JobEntity job : jobs.findByTypeAndStateIn(JobRequest.Type.ROLL_POOL.wire(), UNENDED)) {
      if (JSON.readValue(job.request, JobRequest.class).pools().contains(pool)) {
        return Optional.of(new Hold(pool, "job " + job.id + " (roll-pool) is recreating its gluster containers one by"
            + " one (GET /api/v1/jobs/" + job.id + ")", properties.rollRetryAfter()));
      }
    }
    return Optional.empty();
  }
}
