package dev.tandem.proxy;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each pool's share of Heketi's operations ({@code tandem.proxy.pool-in-flight}). A request that starts
 * an operation reserves a slot before it is forwarded: under the pool's row lock, the pool's slots are
 * counted and one is inserted in the same transaction, so a burst never overshoots the share, on one
 * replica or on several sharing the database. The slot gets the queue id when Heketi accepts and is
 * released when Heketi refuses or the operation has its final answer. A slot older than
 * {@code operation-ttl} no longer counts: the backstop for a request that never came back.
 */
@Component
class PoolFairness {

  /** A reserved slot; {@link #NONE} for an operation of no single pool, which no share limits. */
  record Slot(String id) {
    static final Slot NONE = new Slot(null);
  }

  private final JdbcTemplate jdbc;
  private final ProxySlotRepository slots;
  private final TransactionTemplate tx;
  private final ProxyProperties properties;

  PoolFairness(JdbcTemplate jdbc, ProxySlotRepository slots, TransactionTemplate tx, ProxyProperties properties) {
    this.jdbc = jdbc;
    this.slots = slots;
    this.tx = tx;
    this.properties = properties;
  }

  /** A slot in the pool's share, or nothing when the share is taken. */
  Optional<Slot> reserve(String pool) {
    if (pool == null) {
      return Optional.of(Slot.NONE);
    }
    ensureLockRow(pool);
    return tx.execute(status -> {
      jdbc.queryForList("select pool_name from proxy_pool_lock where pool_name = ? for update", String.class, pool);
      OffsetDateTime now = OffsetDateTime.now();
      if (slots.countByPoolNameAndReservedAtAfter(pool, now.minus(properties.operationTtl()))
          >= properties.poolInFlight()) {
        return Optional.empty();
      }
      ProxySlotEntity slot = new ProxySlotEntity();
      slot.id = UUID.randomUUID().toString();
      slot.poolName = pool;
      slot.reservedAt = now;
      slots.save(slot);
      return Optional.of(new Slot(slot.id));
    });
  }

  /** Heketi accepted: the slot now belongs to its queue entry. Runs in the caller's transaction. */
  void attach(Slot slot, String queueId) {
    if (slot.id() != null) {
      slots.findById(slot.id()).ifPresent(s -> s.queueId = queueId);
    }
  }

  /** Heketi refused, or never answered: the slot is free again. */
  void release(Slot slot) {
    if (slot.id() != null) {
      tx.executeWithoutResult(status -> slots.deleteById(slot.id()));
    }
  }

  /** The operation has its final answer. Runs in the caller's transaction. */
  void finished(String queueId) {
    slots.deleteByQueueId(queueId);
  }

  /** Drops slots that outlived {@code operation-ttl}. Runs in the caller's transaction. */
  int purge(OffsetDateTime now) {
    return slots.deleteReservedBefore(now.minus(properties.operationTtl()));
  }

  /** The pool's lock row, made on first use; a request that loses the race to insert it uses the winner's. */
  private void ensureLockRow(String pool) {
    try {
      jdbc.update("insert into proxy_pool_lock (pool_name) select ? where not exists"
          + " (select 1 from proxy_pool_lock where pool_name = ?)", pool, pool);
    } catch (DuplicateKeyException raced) {
      // another request inserted it at the same moment: that row serves
    }
  }
}
