/**
 * Who may do what. Clients (admin, operator, viewer, or pool-scoped consumers) with secrets Tandem
 * generates, shows once and keeps encrypted under a master key; authentication by HTTP Basic or a
 * Heketi-style JWT (verified exactly as Heketi does, with Heketi's texts); the access rules of
 * Tandem's API; and the audit log of every mutation on either API. Depends on the inventory only.
 */
@ApplicationModule(allowedDependencies = {"inventory"})
package dev.tandem.security;

import org.springframework.modulith.ApplicationModule;
