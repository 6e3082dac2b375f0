package dev.tandem.storage;

import java.time.Duration;
import java.util.Optional;

/**
 * Pools whose new volume operations wait, because work on their gluster containers is under way (a
 * rolling restart): both of Tandem's APIs refuse them with 503 and Retry-After instead of reaching
 * Heketi. Implemented by the module doing that work (provisioning), from the database, so every
 * replica gives the same answer.
 */
public interface PoolHolds {

  /** Why the pool's new volume operations are refused now, and when to ask again. */
  record Hold(String pool, String reason, Duration retryAfter) {}

  Optional<Hold> hold(String pool);
}
