package dev.tandem.drift;

import java.time.Instant;
import java.util.List;

/**
 * A drift report: when and where it was made, whether Heketi could be read, and what differs.
 *
 * @param takenAt when the run ended
 * @param takenBy the replica that ran it
 * @param pool the pool it is narrowed to, or null for the whole platform
 * @param heketi whether Heketi was read, or why not (the rest runs either way)
 * @param findings what differs; empty: the platform matches the inventory
 */
record DriftReport(Instant takenAt, String takenBy, String pool, String heketi, List<Finding> findings) {

  /** The report narrowed to one pool's findings. */
  DriftReport of(String name) {
    return new DriftReport(takenAt, takenBy, name, heketi,
        findings.stream().filter(f -> name.equals(f.pool())).toList());
  }
}
