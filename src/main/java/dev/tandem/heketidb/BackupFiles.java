package dev.tandem.heketidb;

import java.util.Optional;

/** Kept backups of Heketi's database, for the job that puts one back in place ({@code restore-heketi-db}). */
public interface BackupFiles {

  /** The file of backup {@code id}, when the id names a kept backup. */
  Optional<BackupFile> kept(String id);

  /** A kept backup's id, the SHA-256 (hex) of its file, and the file. */
  record BackupFile(long id, String sha256, byte[] content) {}
}
