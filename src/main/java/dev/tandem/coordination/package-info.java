/**
 * How replicas share work, through the database only: {@link dev.tandem.coordination.ClaimedWork}
 * is a lane of persisted work that any live replica may claim and run, built on db-scheduler (a
 * claim, its heartbeat and the detection of a dead claim are the library's). A feature module owns
 * its lane (its table, its threads, its tasks); this module knows no feature.
 */
@ApplicationModule(allowedDependencies = {})
package dev.tandem.coordination;

import org.springframework.modulith.ApplicationModule;
