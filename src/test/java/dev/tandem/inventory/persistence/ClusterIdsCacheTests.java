package dev.tandem.inventory.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/** What the bindings cache keeps, for how long, and what a write (the platform lock) does, on a clock the test moves. */
class ClusterIdsCacheTests {

  static final Duration TTL = Duration.ofSeconds(3);

  final AtomicLong nanos = new AtomicLong();
  final Ticker ticker = nanos::get;
  final ClusterIdsCache cache = new ClusterIdsCache(TTL, ticker);
  /** The bindings as the database holds them, and how often they were read. */
  final Map<String, List<String>> rows = new TreeMap<>();
  int reads;

  Map<String, List<String>> bindings() {
    return cache.get(() -> {
      reads++;
      return Map.copyOf(rows);
    });
  }

  @AfterEach
  void noTransaction() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.clearSynchronization();
    }
    TransactionSynchronizationManager.setActualTransactionActive(false);
  }

  @Test
  void theBindingsAreReadOnceAndKeptUntilTheBoundThenReadAgain() {
    rows.put("gluster-ocp", List.of("c1"));
    assertThat(bindings()).containsEntry("gluster-ocp", List.of("c1"));
    rows.put("gluster-ocp", List.of("c2"));   // bound through another replica

    nanos.addAndGet(TTL.minusMillis(1).toNanos());
    assertThat(bindings()).containsEntry("gluster-ocp", List.of("c1"));
    assertThat(reads).isEqualTo(1);

    nanos.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(bindings()).containsEntry("gluster-ocp", List.of("c2"));
    assertThat(reads).isEqualTo(2);
  }

  @Test
  void aWriteThroughThisReplicaIsSeenByTheNextReadAndAgainAfterItsTransaction() {
    rows.put("gluster-ocp", List.of());
    bindings();
    TransactionSynchronizationManager.initSynchronization();

    cache.forget();                                  // the write takes the platform lock
    assertThat(bindings()).containsEntry("gluster-ocp", List.of());   // a read before the commit: old rows
    rows.put("gluster-ocp", List.of("c1"));          // committed
    List<TransactionSynchronization> ends = TransactionSynchronizationManager.getSynchronizations();
    TransactionSynchronizationManager.clearSynchronization();
    TransactionSynchronizationUtils.invokeAfterCompletion(ends, TransactionSynchronization.STATUS_COMMITTED);

    assertThat(bindings()).containsEntry("gluster-ocp", List.of("c1"));
    assertThat(reads).isEqualTo(3);
  }

  @Test
  void aReadInsideATransactionIsNeverKept() {
    rows.put("gluster-ocp", List.of("uncommitted"));
    TransactionSynchronizationManager.setActualTransactionActive(true);
    assertThat(bindings()).containsEntry("gluster-ocp", List.of("uncommitted"));
    TransactionSynchronizationManager.setActualTransactionActive(false);

    rows.put("gluster-ocp", List.of());              // rolled back
    assertThat(bindings()).containsEntry("gluster-ocp", List.of());
    assertThat(reads).isEqualTo(2);
  }
}
