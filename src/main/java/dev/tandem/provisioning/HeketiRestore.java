package dev.tandem.provisioning;

import dev.tandem.exec.Command;
import dev.tandem.exec.CommandResult;
import dev.tandem.heketidb.BackupFiles;
import dev.tandem.heketidb.BackupFiles.BackupFile;
import dev.tandem.inventory.HeketiSpec;
import dev.tandem.inventory.HostSpec;
import dev.tandem.inventory.PlatformSpec;
import dev.tandem.provisioning.Step.Outcome;
import java.util.List;

/**
 * The {@code restore-heketi-db} job: on the Heketi host, stop Heketi (its container is removed), keep
 * its current database aside ({@code heketi.db.before-restore.<its SHA-256's first 12 hex digits>}),
 * put the chosen backup in place,
 * start Heketi again from the inventory's container spec, and record its URL as {@code deploy-heketi}
 * does; last, once every step on the host succeeded, wait until the Heketi Tandem uses answers (at most
 * {@code tandem.provisioning.heketi-start-timeout}), then make and store a drift report, so what the
 * restored database no longer matches is listed ({@code GET /api/v1/drift}). The job fails when Heketi
 * does not answer in time or the report could not read it: a restore whose Heketi does not answer is not done.
 * Every step first checks whether the database already is the backup (its SHA-256), so a second run
 * changes nothing. Refused without {@code confirm} (a dry run needs none).
 */
final class HeketiRestore {

  static final String DB = "/var/lib/heketi/heketi.db";

  static List<Step> steps(PlatformSpec spec, JobRequest request, BackupFiles backups, String root) {
    HeketiSpec heketi = spec.heketi();
    if (heketi == null) {
      throw JobProblems.refused("the inventory places no Heketi server", "add heketi: {host: node1} to the platform spec");
    }
    BackupFile backup = backup(request, backups);
    if (!request.confirm() && !request.dryRun()) {
      throw JobProblems.refused("restore-heketi-db replaces Heketi's database: what Heketi learnt since backup "
          + backup.id() + " is forgotten (its current database is kept aside)", "repeat with \"confirm\":true");
    }
    HostSpec host = spec.hosts().stream().filter(h -> h.name().equals(heketi.host())).findFirst().orElseThrow();
    return List.of(
        new Step(host.name(), "stop heketi", ctx -> {
          if (restored(ctx, backup) || ctx.engine().container(StepLibrary.HEKETI_CONTAINER).isEmpty()) {
            return Outcome.UNCHANGED;
          }
          ctx.removeContainer(StepLibrary.HEKETI_CONTAINER);
          return Outcome.CHANGED;
        }),
        new Step(host.name(), "keep heketi.db aside", ctx -> {
          CommandResult sum = ctx.check(Command.of("sha256sum", ctx.path(DB)));
          String current = sum.ok() ? sum.stdout().split(" ", 2)[0] : "";
          if (!current.matches("[0-9a-f]{64}")) {
            ctx.note("there is no " + ctx.path(DB) + " to keep aside");
            return Outcome.UNCHANGED;
          }
          // named after its own checksum: a database kept aside is never overwritten by another
          String aside = ctx.path(DB + ".before-restore." + current.substring(0, 12));
          if (current.equals(backup.sha256()) || ctx.check(Command.of("test", "-e", aside)).ok()) {
            return Outcome.UNCHANGED;
          }
          ctx.act(Command.of("cp", "-p", ctx.path(DB), aside));
          return Outcome.CHANGED;
        }),
        new Step(host.name(), "put backup " + backup.id() + " in place", ctx -> {
          if (restored(ctx, backup)) {
            return Outcome.UNCHANGED;
          }
          ctx.writeBinary(DB, backup.content(), backup.sha256(), "backup " + backup.id());
          return Outcome.CHANGED;
        }),
        StepLibrary.container(host.name(), StepLibrary.heketiSpec(heketi, Planner.root(root, host.name())), false),
        StepLibrary.heketiEndpoint(host, heketi),
        driftReport());
  }

  /**
   * The last step: once the Heketi Tandem uses answers, a drift report that must have read Heketi (else
   * the restored database is not known to be served, and the step fails saying so).
   */
  static Step driftReport() {
    return new Step(null, "drift report", ctx -> {
      ctx.awaitHeketi();
      if (ctx.driftReport().heketiNotRead()) {
        throw new StepFailed("the drift report could not read Heketi, so the restore is not done: see the report"
            + " (GET /api/v1/drift) and Heketi's container log (docker logs " + StepLibrary.HEKETI_CONTAINER
            + "), then retry the job");
      }
      return Outcome.UNCHANGED;
    });
  }

  /** The kept backup the request names; a 422 problem when it names none. */
  static BackupFile backup(JobRequest request, BackupFiles backups) {
    if (request.backup() == null) {
      throw JobProblems.refused("restore-heketi-db needs the backup to put back",
          "name a kept backup: \"backup\":\"7\" (GET /api/v1/heketi/backups)");
    }
    return backups.kept(request.backup()).orElseThrow(() -> JobProblems.refused(
        "there is no kept Heketi backup '" + request.backup() + "'", "name a kept backup (GET /api/v1/heketi/backups)"));
  }

  /** Whether Heketi's database file already is the backup. */
  private static boolean restored(StepContext ctx, BackupFile backup) {
    CommandResult sum = ctx.check(Command.of("sha256sum", ctx.path(DB)));
    return sum.ok() && sum.stdout().startsWith(backup.sha256() + " ");
  }

  private HeketiRestore() {}
}
