package dev.tandem.proxy;

import dev.tandem.storage.PoolHolds;
import dev.tandem.storage.VolumeService;
import java.util.Collection;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The Heketi-compatible API's answer to an initiating request in a pool that takes no new volume
 * operations now ({@link PoolHolds}: a roll-pool job works on it): 503 with Retry-After, in Heketi's
 * plain text, before anything reaches Heketi.
 */
@Component
class HeldPools {

  private final VolumeService volumes;

  HeldPools(VolumeService volumes) {
    this.volumes = volumes;
  }

  /** The refusal for the first of {@code pools} that is held; null when none is. */
  Answer refusal(Collection<String> pools) {
    for (String pool : pools) {
      Optional<PoolHolds.Hold> hold = volumes.hold(pool);
      if (hold.isPresent()) {
        return Answer.error(503, "Pool " + pool + " takes no new volume operations now: " + hold.get().reason()
            + ". Retry later.").withHeader("Retry-After",
            Long.toString(Math.max(1, hold.get().retryAfter().toSeconds())));
      }
    }
    return null;
  }
}
