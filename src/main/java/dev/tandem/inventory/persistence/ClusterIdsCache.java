package dev.tandem.inventory.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Every pool's bound Heketi cluster ids, as the Heketi-compatible API reads them on each request of a
 * pool-scoped client: one value, kept at most {@code ttl} after it was read. Every inventory write
 * takes the platform lock ({@link InventoryStore#lock()}), which forgets the value at once and again
 * when its transaction ends, so a write through this replica is seen by the next read; a write through
 * another replica within {@code ttl} ({@code tandem.coordination.cache-staleness}). Only a read outside
 * any transaction is kept: one inside may see its own transaction's uncommitted writes.
 */
final class ClusterIdsCache {

  /** The one key: invalidating it waits for a read in progress, which {@code invalidateAll} would miss. */
  private static final Boolean KEY = Boolean.TRUE;

  private final Cache<Boolean, Map<String, List<String>>> cache;

  ClusterIdsCache(Duration ttl, Ticker ticker) {
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1).ticker(ticker).build();
  }

  Map<String, List<String>> get(Supplier<Map<String, List<String>>> read) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      return read.get();
    }
    return cache.get(KEY, k -> read.get());
  }

  /** Forgets the value now and again when the current transaction ends (a read in between saw the old rows). */
  void forget() {
    cache.invalidate(KEY);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          cache.invalidate(KEY);
        }
      });
    }
  }
}
