package dev.tandem.inventory;

import dev.tandem.inventory.persistence.InventoryStore;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The inventory's seam for the storage side: pools as {@link PoolLayout}s, and the Heketi UUIDs
 * reconcile binds to pools, members and devices. Writes take the platform lock, like every other
 * inventory write, so a concurrent spec apply never overwrites a binding with a stale row.
 */
@Service
public class HeketiBindings {

  private final InventoryStore store;

  HeketiBindings(InventoryStore store) {
    this.store = store;
  }

  /** Every pool's name, in name order. */
  @Transactional(readOnly = true)
  public List<String> poolNames() {
    return List.copyOf(store.clusterIdsByPool().keySet());
  }

  /** Every pool's bound Heketi cluster ids (empty until reconcile binds one), by pool name. */
  @Transactional(readOnly = true)
  public Map<String, List<String>> clusterIds() {
    return store.clusterIdsByPool();
  }

  /**
   * Moves whenever an inventory write begins or ends on this replica: a copy of {@link #clusterIds()}
   * read while it stayed the same has not been changed here since.
   */
  public long localWrites() {
    return store.writes();
  }

  /** The pool by name; 404 when there is none. */
  @Transactional(readOnly = true)
  public PoolLayout layout(String pool) {
    return store.layout(pool).orElseThrow(() -> InventoryException.notFound("pool", pool));
  }

  /** Every pool's layout, by name, read in one transaction. */
  @Transactional(readOnly = true)
  public Map<String, PoolLayout> layouts() {
    return store.layouts();
  }

  @Transactional
  public void bindCluster(String pool, String clusterId) {
    store.lock();
    store.bindCluster(pool, clusterId);
  }

  @Transactional
  public void bindNode(String pool, String host, String nodeId) {
    store.lock();
    store.bindNode(pool, host, nodeId);
  }

  @Transactional
  public void bindDevice(String pool, String host, String path, String deviceId) {
    store.lock();
    store.bindDevice(pool, host, path, deviceId);
  }
}
