package dev.tandem.inventory;

import java.util.List;

/** What applying a spec did (or, on a dry run, would do). */
public record ApplyResult(boolean dryRun, long revision, Summary summary, List<Change> changes) {

  /** How many objects were created, updated and deleted. */
  public record Summary(int created, int updated, int deleted) {}

  static ApplyResult of(boolean dryRun, long revision, List<Change> changes) {
    int created = (int) changes.stream().filter(c -> c.action() == Change.Action.CREATE).count();
    int deleted = (int) changes.stream().filter(c -> c.action() == Change.Action.DELETE).count();
    return new ApplyResult(dryRun, revision,
        new Summary(created, changes.size() - created - deleted, deleted), changes);
  }
}
