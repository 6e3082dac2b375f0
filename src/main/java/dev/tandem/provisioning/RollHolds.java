package dev.tandem.provisioning;

import dev.tandem.storage.PoolHolds;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A pool is held while a roll-pool job for it has not ended (queued, or running on any replica), read
 * from the job rows every replica shares: the hold begins with the job's row and is released when the
 * job ends, fails or is cancelled. A job whose replica died keeps holding the pool: it is not over, and
 * another replica resumes it.
 */
@Component
class RollHolds implements PoolHolds {

  private final UnendedJobs jobs;
  private final ProvisioningProperties properties;

  RollHolds(UnendedJobs jobs, ProvisioningProperties properties) {
    this.jobs = jobs;
    this.properties = properties;
  }

  @Override
  public Optional<Hold> hold(String pool) {
    return jobs.of(JobRequest.Type.ROLL_POOL).stream().filter(job -> job.request().pools().contains(pool)).findFirst()
        .map(job -> new Hold(pool, "job " + job.id() + " (roll-pool) is recreating its gluster containers one by"
            + " one (GET /api/v1/jobs/" + job.id() + ")", properties.rollRetryAfter()));
  }
}
