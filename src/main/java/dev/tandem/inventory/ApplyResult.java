package dev.tandem.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What applying a spec did (or, on a dry run, would do); for each pool it deletes, what went with it.
 */
public record ApplyResult(boolean dryRun, long revision, Summary summary, List<Change> changes,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PoolRemoval> removedWithPools) {

  /** How many objects were created, updated and deleted. */
  public record Summary(int created, int updated, int deleted) {}

  static ApplyResult of(boolean dryRun, long revision, List<Change> changes, List<PoolRemoval> removedWithPools) {
    int created = (int) changes.stream().filter(c -> c.action() == Change.Action.CREATE).count();
    int deleted = (int) changes.stream().filter(c -> c.action() == Change.Action.DELETE).count();
    return new ApplyResult(dryRun, revision,
        new Summary(created, changes.size() - created - deleted, deleted), changes, List.copyOf(removedWithPools));
  }
}
