package dev.tandem.heketi;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link HeketiSlots} that hold across every replica on the database: a place is a row of
 * {@code heketi_slot}, and places are counted and taken under the row lock of {@code heketi_slot_lock}
 * in one transaction, so together the replicas never exceed {@code tandem.heketi.max-in-flight}. The
 * same count holds Tandem's own operations and those forwarded by the Heketi-compatible API, which
 * also caps each pool's share ({@link #tryTake}). A place is deleted when its operation ends, by
 * whichever replica sees the end (the one that started it, or one that took its operation over). A
 * place whose end nobody saw (its replica died and nobody followed the operation) stops counting at its
 * expiry: for Tandem's own operations {@code operation-deadline} plus {@code read-timeout} after it was
 * taken (Tandem follows no operation longer), for forwarded ones {@code tandem.proxy.operation-ttl}.
 */
public class SharedHeketiSlots implements HeketiSlots {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final HeketiProperties properties;

  public SharedHeketiSlots(JdbcTemplate jdbc, TransactionTemplate tx, HeketiProperties properties) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.properties = properties;
  }

  /** Tandem's own operation: waits, polling every {@code poll-interval}, until a place is free. */
  @Override
  public String take(String what) throws InterruptedException {
    Duration ttl = properties.operationDeadline().plus(properties.readTimeout());
    while (true) {
      Optional<String> slot = tryTake(null, 0, ttl);
      if (slot.isPresent()) {
        return slot.get();
      }
      Thread.sleep(properties.pollInterval().toMillis());
    }
  }

  /**
   * A place now, or empty when all of {@code max-in-flight} are taken, or {@code pool}'s share
   * ({@code poolShare} places; ignored when {@code pool} is null) is. It counts until it is released, its
   * operation ends, or {@code ttl} has passed.
   */
  public Optional<String> tryTake(String pool, int poolShare, Duration ttl) {
    return tryTake(pool, poolShare, null, ttl);
  }

  /**
   * As {@link #tryTake(String, int, Duration)}, but over its share {@code pool} may borrow places that
   * the pools in {@code lenders} do not use, as long as one place stays free for each lender with
   * nothing in flight: so a pool alone uses Heketi's whole limit but one place per other pool, and
   * another pool can always start an operation at once (the rest of its share comes free as the
   * borrowed places' operations end). {@code lenders} null: no borrowing.
   */
  public Optional<String> tryTake(String pool, int poolShare, Set<String> lenders, Duration ttl) {
    return tx.execute(status -> {
      jdbc.queryForList("select id from heketi_slot_lock where id = 1 for update", Integer.class);
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      Map<String, Integer> held = new HashMap<>();
      int[] total = {0};
      jdbc.query("select pool_name, count(*) from heketi_slot where expires_at > ? group by pool_name", row -> {
        int n = row.getInt(2);
        total[0] += n;
        held.put(row.getString(1), n);
      }, now);
      if (total[0] >= properties.maxInFlight()) {
        return Optional.empty();
      }
      if (pool != null && held.getOrDefault(pool, 0) >= poolShare) {
        if (lenders == null) {
          return Optional.empty();
        }
        long keptFree = lenders.stream().filter(lender -> !lender.equals(pool) && !held.containsKey(lender)).count();
        if (total[0] + 1 + keptFree > properties.maxInFlight()) {
          return Optional.empty();
        }
      }
      String id = UUID.randomUUID().toString();
      jdbc.update("insert into heketi_slot (id, pool_name, expires_at) values (?, ?, ?)", id, pool,
          now.plus(ttl));
      return Optional.of(id);
    });
  }

  @Override
  public void attach(String slot, String queuePath) {
    jdbc.update("update heketi_slot set queue_path = ? where id = ?", queuePath, slot);
  }

  @Override
  public void release(String slot) {
    jdbc.update("delete from heketi_slot where id = ?", slot);
  }

  @Override
  public void ended(String queuePath) {
    jdbc.update("delete from heketi_slot where queue_path = ?", queuePath);
  }

  /** Deletes places past their expiry (they no longer count); answers how many. */
  public int purge() {
    return jdbc.update("delete from heketi_slot where expires_at <= ?", OffsetDateTime.now(ZoneOffset.UTC));
  }

}
