package dev.tandem.heketidb;

import java.time.Instant;

/**
 * One backup attempt as listed: when, by which replica, how it ended, and for a kept backup the size
 * and SHA-256 (hex) of the file; for the others, why.
 */
record Backup(long id, Instant takenAt, String takenBy, Outcome outcome, Long sizeBytes, String sha256,
    String message) {

  /** How an attempt ended. */
  enum Outcome {
    /** Heketi sent a BoltDB file, which is kept. */
    KEPT,
    /** Heketi answered with something that is not a BoltDB file; nothing is kept. */
    REFUSED,
    /** Heketi could not be asked or refused; nothing is kept. */
    FAILED
  }

  boolean kept() {
    return outcome == Outcome.KEPT;
  }
}
