package dev.tandem.inventory;

import dev.tandem.inventory.persistence.InventoryStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The checks of an edit that deletes pools: a pool bound to Heketi goes only with a cascade, no
 * pool goes while another module is busy with it ({@link PoolDependents#busy}), and each deletion
 * reports what it removes. Runs under the platform lock, in the edit's transaction.
 */
@Component
class PoolDeletions {

  private final InventoryStore store;
  private final List<PoolDependents> dependents;

  PoolDeletions(InventoryStore store, List<PoolDependents> dependents) {
    this.store = store;
    this.dependents = dependents;
  }

  /** The pools the changes delete. */
  static List<String> deleted(List<Change> changes) {
    return changes.stream()
        .filter(c -> c.kind().equals("pool") && c.action() == Change.Action.DELETE)
        .map(Change::name)
        .toList();
  }

  /** Refuses what cannot go now; answers, for each pool, what deleting it removes. */
  List<PoolRemoval> check(PlatformSpec current, List<String> pools, boolean cascade) {
    if (!cascade) {
      refuseUncascaded(pools);
    }
    refuseBusy(pools);
    List<PoolRemoval> removals = new ArrayList<>();
    for (String name : pools) {
      PoolSpec pool = current.pools().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
      Map<String, Long> removed = new LinkedHashMap<>();
      removed.put("members", (long) pool.members().size());
      removed.put("deviceAssignments", (long) pool.devices().size());
      dependents.forEach(d -> removed.putAll(d.removedWith(name)));
      removals.add(new PoolRemoval(name, removed));
    }
    return removals;
  }

  /**
   * Asks again once the pools' rows are deleted and flushed: an operation that began between the
   * first check and the delete is seen now, and the transaction is rolled back.
   */
  void recheck(List<String> pools) {
    refuseBusy(pools);
  }

  private void refuseUncascaded(List<String> pools) {
    Set<String> bound = store.poolsBoundToHeketi();
    for (String pool : pools) {
      if (bound.contains(pool)) {
        throw InventoryException.of(Violation.Kind.CONFLICT, "pools", "pool " + pool
            + " is bound to a Heketi cluster; deleting it from the inventory leaves its Heketi cluster, nodes and"
            + " volumes behind", "delete its volumes first, or repeat the request with ?cascade=true");
      }
    }
  }

  private void refuseBusy(List<String> pools) {
    List<Violation> busy = pools.stream()
        .flatMap(pool -> dependents.stream().map(d -> d.busy(pool)))
        .flatMap(Optional::stream)
        .toList();
    if (!busy.isEmpty()) {
      throw new InventoryException(busy);
    }
  }
}
