/**
 * Who may do what. Clients (admin, operator, viewer, or pool-scoped consumers) with secrets Tandem
 * generates, shows once and keeps encrypted under a master key (the same on every replica, from
 * configuration on PostgreSQL, checked at start against the database); the bootstrap admin secret,
 * kept once per platform; authentication by HTTP Basic or a
 * Heketi-style JWT (verified as Heketi does, with Heketi's texts; its qsh from the heketi module);
 * the one access policy of both APIs; the refusal of cross-site writes; and the audit log of every
 * mutation on either API. Depends on the inventory and heketi modules, on web for the one
 * decoding of a request's path, and on coordination for how stale a cached client may be.
 */
@ApplicationModule(allowedDependencies = {"inventory", "heketi", "web", "coordination"})
package dev.tandem.security;

import org.springframework.modulith.ApplicationModule;
