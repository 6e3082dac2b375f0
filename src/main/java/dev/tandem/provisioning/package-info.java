/**
 * Provisioning: the runbook as jobs. A job is a persisted plan of steps, per host where it applies;
 * every step checks the current state first and acts only when needed, building commands and
 * container specs that the exec seams run. A dry run runs the very same steps over recording
 * executors, so the plan is exactly what a real run would do. A job is claimed through the database
 * by any live replica (QUEUED until then), checks every host's prerequisites before any step runs,
 * then runs hosts in parallel, each on its own session, one host's steps in order; its log is
 * appended in order by all of them. A stopping replica hands its jobs back between steps; the job of
 * a killed replica is resumed by another from its first unfinished step. The platform's keys are kept
 * encrypted under the security module's master key; {@code restore-heketi-db} reads the backup it puts
 * back from the heketidb module, holds it from that module's retention and delete until it succeeds or a
 * newer restore job starts ({@code RestoreHolds}) and ends with a drift report that must have read Heketi
 * ({@code DriftReports}, made by the drift module). {@code roll-pool} runs its hosts one at a time and
 * holds its pool's volume operations while it is not over ({@code RollHolds}).
 */
@ApplicationModule(allowedDependencies = {"inventory", "exec", "heketi", "storage", "security",
    "coordination", "heketidb"})
package dev.tandem.provisioning;

import org.springframework.modulith.ApplicationModule;
