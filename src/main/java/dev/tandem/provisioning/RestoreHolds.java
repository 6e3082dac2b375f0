package dev.tandem.provisioning;

import dev.tandem.heketidb.BackupsInUse;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The backups retention and delete spare for {@code restore-heketi-db}: those named by a restore job not
 * ended (queued, or running on any replica), and the one named by the newest restore job unless it
 * succeeded: a restore that failed, was cancelled or interrupted (perhaps with Heketi stopped) needs its
 * backup for the retry, until a newer restore job supersedes it.
 */
@Component
class RestoreHolds implements BackupsInUse {

  private final UnendedJobs jobs;

  RestoreHolds(UnendedJobs jobs) {
    this.jobs = jobs;
  }

  @Override
  public Set<Long> backupsInUse() {
    return Stream.concat(jobs.of(JobRequest.Type.RESTORE_HEKETI_DB).stream(),
            jobs.newestUnsucceeded(JobRequest.Type.RESTORE_HEKETI_DB).stream())
        .map(job -> job.request().backup())
        .filter(id -> id != null && id.matches("[0-9]{1,18}")).map(Long::parseLong).collect(Collectors.toSet());
  }
}
