package dev.tandem.proxy;

import dev.tandem.coordination.CoordinationProperties;
import dev.tandem.inventory.HeketiBindings;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Every pool's bound Heketi clusters ({@link HeketiBindings#clusterIds()}), as the Heketi-compatible
 * API translates and scopes with them on every request, kept in memory instead of read per request: a
 * write of the inventory on this replica (a spec applied, a binding reconcile made) is seen at the
 * next request, one on another replica within {@code tandem.coordination.cache-staleness}, as a
 * client's rotated or revoked secret is.
 */
@Component
class PoolClusters {

  private final HeketiBindings bindings;
  private final long stalenessNanos;
  private final LongSupplier nanoTime;
  private volatile Read last;

  /** One read: its answer, {@link HeketiBindings#localWrites()} before it, and when it began. */
  private record Read(Map<String, List<String>> clusterIds, long writes, long startedAt) {}

  @Autowired
  PoolClusters(HeketiBindings bindings, CoordinationProperties coordination) {
    this(bindings, coordination, System::nanoTime);
  }

  PoolClusters(HeketiBindings bindings, CoordinationProperties coordination, LongSupplier nanoTime) {
    this.bindings = bindings;
    this.stalenessNanos = coordination.cacheStaleness().toNanos();
    this.nanoTime = nanoTime;
  }

  /** Pool name to its cluster ids, in name order (unmodifiable). */
  Map<String, List<String>> clusterIds() {
    Read read = last;
    long now = nanoTime.getAsLong();
    if (read != null && read.writes() == bindings.localWrites() && now - read.startedAt() < stalenessNanos) {
      return read.clusterIds();
    }
    long writes = bindings.localWrites();
    Read fresh = new Read(Collections.unmodifiableMap(bindings.clusterIds()), writes, now);
    last = fresh;
    return fresh.clusterIds();
  }
}
