package dev.tandem.provisioning;

import dev.tandem.heketidb.BackupsInUse;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The backups {@code restore-heketi-db} jobs that have not ended (queued, or running on any replica) will
 * put back: retention keeps them until the job ends, so a queued restore never finds its backup gone.
 */
@Component
class RestoreHolds implements BackupsInUse {

  private final UnendedJobs jobs;

  RestoreHolds(UnendedJobs jobs) {
    this.jobs = jobs;
  }

  @Override
  public Set<Long> backupsInUse() {
    return jobs.of(JobRequest.Type.RESTORE_HEKETI_DB).stream().map(job -> job.request().backup())
        .filter(id -> id != null && id.matches("[0-9]{1,18}")).map(Long::parseLong).collect(Collectors.toSet());
  }
}
