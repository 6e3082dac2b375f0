package dev.tandem.heketidb;

import java.util.Set;

/**
 * Kept backups that work still needs (a restore not ended, or one that may be retried): retention and
 * delete spare them. The provisioning module answers for its {@code restore-heketi-db} jobs (declared
 * here, as it depends on this module).
 */
public interface BackupsInUse {

  /** The ids of the kept backups named by work that is queued, running or may be retried, on any replica. */
  Set<Long> backupsInUse();
}
