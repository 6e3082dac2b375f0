package dev.tandem.heketidb;

import java.util.Set;

/**
 * Kept backups that work not yet ended still needs: retention deletes none of them. The provisioning
 * module answers for its {@code restore-heketi-db} jobs (declared here, as it depends on this module).
 */
public interface BackupsInUse {

  /** The ids of the kept backups named by work that is queued or running, on any replica. */
  Set<Long> backupsInUse();
}
