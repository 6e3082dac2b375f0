package dev.tandem.heketidb;

import java.time.Duration;
import java.util.Optional;

/** Kept backups of Heketi's database, for the job that puts one back in place ({@code restore-heketi-db}). */
public interface BackupFiles {

  /**
   * The single-flight name (on all replicas) under which a restore job is started or retried and a
   * backup is deleted or pruned: a restore's check that its backup is kept, and a deletion's check that
   * no restore holds it, cannot pass one another.
   */
  String SINGLE_FLIGHT = "heketi-backups";

  /** How long starting a restore, deleting or pruning waits for {@link #SINGLE_FLIGHT}. */
  Duration SINGLE_FLIGHT_WAIT = Duration.ofSeconds(10);

  /** The file of backup {@code id}, when the id names a kept backup. */
  Optional<BackupFile> kept(String id);

  /** A kept backup's id, the SHA-256 (hex) of its file, and the file. */
  record BackupFile(long id, String sha256, byte[] content) {}
}
