/**
 * Provisioning: the runbook as jobs. A job is a persisted plan of steps, per host where it applies;
 * every step checks the current state first and acts only when needed, building commands and
 * container specs that the exec seams run. A dry run runs the very same steps over recording
 * executors, so the plan is exactly what a real run would do. A job waits for a job thread of its
 * own (QUEUED), checks every host's prerequisites before any step runs, then runs hosts in parallel,
 * each on its own session, one host's steps in order; its log is appended in order by all of them.
 * A job queued or running when Tandem stops is marked interrupted and can be retried from its first
 * unfinished step. The platform's keys are kept encrypted under the security module's master key.
 */
@ApplicationModule(allowedDependencies = {"inventory", "exec", "heketi", "storage", "security", "coordination"})
package dev.tandem.provisioning;

import org.springframework.modulith.ApplicationModule;
