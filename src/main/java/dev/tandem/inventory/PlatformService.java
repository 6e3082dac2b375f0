package dev.tandem.inventory;

import dev.tandem.inventory.persistence.InventoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and changes the inventory. Every change, a whole spec or one CRUD call, is an {@link Edit}
 * of the current spec: the result is checked as a whole by {@link PlatformRules}, diffed against
 * the current inventory, and written in one transaction under the platform lock (or only diffed, on
 * a dry run). All or nothing.
 *
 * <p>Every write of the inventory bumps its revision, in the same transaction, and nothing else changes
 * what {@link #export()} answers; so the spec last read is kept with its revision, and a read that
 * finds the same revision (one read of one row) answers it without loading the inventory again. A
 * write through any replica is seen by the next read on every replica. Edits always load afresh,
 * under the lock.
 */
@Service
public class PlatformService {

  private final InventoryStore store;
  private final PlatformRules rules;
  private final PoolDeletions poolDeletions;
  private final AtomicReference<Snapshot> last = new AtomicReference<>();

  /** The inventory as loaded at a revision (or later: see {@link #load(long)}). */
  private record Snapshot(long revision, PlatformSpec spec) {}

  PlatformService(InventoryStore store, PlatformRules rules, PoolDeletions poolDeletions) {
    this.store = store;
    this.rules = rules;
    this.poolDeletions = poolDeletions;
  }

  /**
   * The outcome of an edit: the new spec, and where in it the object the caller sent sits (e.g.
   * {@code pools[1].members[3]}), so that violations about it name the caller's own fields.
   */
  public record Edited(PlatformSpec spec, String focus) {}

  /** A change to the current spec; it may throw {@link InventoryException} itself. */
  @FunctionalInterface
  public interface Edit {
    Edited apply(PlatformSpec current);
  }

  @Transactional(readOnly = true)
  public PlatformSpec export() {
    return load(store.revision());
  }

  /**
   * The inventory at {@code revision}, read before: the kept spec if it is that revision's, else loaded
   * and kept. A write committed between the read of the revision and the load (several queries) can make
   * the spec kept newer than its revision says, or a mix of both: never served, since the next read
   * finds another revision and loads again. Only a read-only transaction keeps what it loaded (one that
   * wrote could be reading its own uncommitted rows), and a newer revision kept is not replaced by an
   * older one.
   */
  private PlatformSpec load(long revision) {
    Snapshot kept = last.get();
    if (kept != null && kept.revision() == revision) {
      return kept.spec();
    }
    PlatformSpec spec = store.load();
    if (TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
      Snapshot loaded = new Snapshot(revision, spec);
      last.accumulateAndGet(loaded, (old, now) -> old != null && old.revision() > now.revision() ? old : now);
    }
    return spec;
  }

  /**
   * Replaces the whole inventory with {@code desired}. Its rules are checked before the platform's lock
   * is taken and the inventory read: a spec that breaks one is refused without waiting for other writes.
   */
  @Transactional
  public ApplyResult apply(PlatformSpec desired, boolean dryRun, boolean cascade) {
    refuseViolations(desired, null);
    return edit(current -> new Edited(desired, null), dryRun, cascade, true);
  }

  /** Applies one edit; the shorthand for edits without a dry run or cascade. */
  @Transactional
  public ApplyResult edit(Edit edit) {
    return edit(edit, false, false);
  }

  @Transactional
  public ApplyResult edit(Edit edit, boolean dryRun, boolean cascade) {
    return edit(edit, dryRun, cascade, false);
  }

  /** {@code checked}: the edit's outcome does not depend on the current spec and its rules were checked. */
  private ApplyResult edit(Edit edit, boolean dryRun, boolean cascade, boolean checked) {
    long revision = dryRun ? store.revision() : store.lock();
    PlatformSpec current = store.load();
    Edited edited = edit.apply(current);
    if (!checked) {
      refuseViolations(edited.spec(), edited.focus());
    }
    List<Change> changes = PlatformDiff.between(current, edited.spec());
    List<String> deletedPools = PoolDeletions.deleted(changes);
    List<PoolRemoval> removals = poolDeletions.check(current, deletedPools, cascade);
    if (dryRun || changes.isEmpty()) {
      return ApplyResult.of(dryRun, revision, changes, removals);
    }
    long written = store.write(edited.spec());
    poolDeletions.recheck(deletedPools);
    return ApplyResult.of(false, written, changes, removals);
  }

  private void refuseViolations(PlatformSpec spec, String focus) {
    List<Violation> violations = rules.check(spec);
    if (!violations.isEmpty()) {
      throw new InventoryException(refocus(violations, focus));
    }
  }

  /** Violations about the object the caller sent are reported with the caller's field names. */
  private static List<Violation> refocus(List<Violation> violations, String focus) {
    if (focus == null) {
      return violations;
    }
    List<Violation> out = new ArrayList<>();
    for (Violation v : violations) {
      if (v.field().equals(focus)) {
        out.add(v.withField(""));
      } else if (v.field().startsWith(focus + ".")) {
        out.add(v.withField(v.field().substring(focus.length() + 1)));
      } else {
        out.add(v);
      }
    }
    return out;
  }
}
