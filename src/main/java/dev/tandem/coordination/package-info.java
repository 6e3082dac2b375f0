/**
 * How replicas share work, through the database only: {@link dev.tandem.coordination.ClaimedWork}
 * is a lane of persisted work that any live replica may claim and run, built on db-scheduler (a
 * claim, its heartbeat and the detection of a dead claim are the library's). A feature module owns
 * its lane (its table, its threads, its tasks); this module knows no feature. {@link
 * dev.tandem.coordination.SingleFlight} runs work on one replica at a time under a transactional row
 * lock; the {@code database} health component takes a replica that lost the database out of readiness.
 */
@ApplicationModule(allowedDependencies = {})
package dev.tandem.coordination;

import org.springframework.modulith.ApplicationModule;
