package dev.tandem.proxy;

import dev.tandem.heketi.SharedHeketiSlots;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Each pool's share of Heketi's operations ({@code tandem.proxy.pool-in-flight}) within Heketi's
 * in-flight limit ({@code tandem.heketi.max-in-flight}), which Tandem's own operations count against
 * too: a request that starts an operation takes a place of {@link SharedHeketiSlots} before it is
 * forwarded, counted under one row lock on every replica sharing the database, so a burst never
 * overshoots either. The place gets the queue id when Heketi accepts and is given back when Heketi
 * refuses or the operation has its final answer, on whichever replica stores it. A place older than
 * {@code operation-ttl} no longer counts: the backstop for a request that never came back. With
 * {@code tandem.proxy.pool-borrow} (the default) a pool over its share may also use places the other
 * pools leave unused, but one for each other pool with nothing in flight
 * ({@link SharedHeketiSlots#tryTake(String, int, java.util.Set, java.time.Duration)}).
 */
@Component
class PoolFairness {

  /** A reserved place of Heketi's in-flight limit. */
  record Slot(String id) {}

  private final SharedHeketiSlots slots;
  private final ProxyProperties properties;

  PoolFairness(SharedHeketiSlots slots, ProxyProperties properties) {
    this.slots = slots;
    this.properties = properties;
  }

  /**
   * A place in the pool's share, or one borrowed from the other {@code pools} ({@code pool} null: an
   * operation of no single pool, which only Heketi's limit caps), or nothing when none is free.
   */
  Optional<Slot> reserve(String pool, Set<String> pools) {
    return slots.tryTake(pool, properties.poolInFlight(), properties.poolBorrow() ? pools : null,
        properties.operationTtl()).map(Slot::new);
  }

  /** Heketi accepted: the place now belongs to its queue entry. */
  void attach(Slot slot, String queueId) {
    slots.attach(slot.id(), queuePath(queueId));
  }

  /** Heketi refused, or never answered: the place is free again. */
  void release(Slot slot) {
    slots.release(slot.id());
  }

  /** The operation has its final answer. */
  void finished(String queueId) {
    slots.ended(queuePath(queueId));
  }

  /** Drops places past their expiry. */
  int purge(OffsetDateTime now) {
    return slots.purge();
  }

  private static String queuePath(String queueId) {
    return "/queue/" + queueId;
  }
}
