package dev.tandem.inventory;

import java.util.Map;
import java.util.Optional;

/**
 * Records another module keeps about a pool, which the database removes with the pool (its foreign
 * keys cascade): the storage module's volume records, the security module's client scopes. The
 * inventory depends on no module, so those modules implement this and {@link PlatformService} asks
 * every implementation before and after deleting a pool, in the deleting transaction.
 */
public interface PoolDependents {

  /** What deleting the pool removes here, by kind (e.g. {@code volumeRecords → 3}); zero counts included. */
  Map<String, Long> removedWith(String pool);

  /** Why the pool cannot be deleted now (e.g. a volume operation still runs), as a conflict; empty when it can. */
  default Optional<Violation> busy(String pool) {
    return Optional.empty();
  }
}
