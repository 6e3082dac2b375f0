/**
 * The platform inventory: hosts, their interfaces (physical, VLAN sub-interfaces, macvlan shims) and
 * block devices, the Gluster pools with their members (one container per pool per host) and device
 * assignments, and the Heketi server's place. The whole inventory is one declarative
 * {@link dev.tandem.inventory.PlatformSpec}: every write, whether a whole spec or a single CRUD call,
 * is an edit of that spec, validated as a whole by {@link dev.tandem.inventory.PlatformRules} and
 * written by {@link dev.tandem.inventory.PlatformService} in one transaction. Names, never database ids,
 * identify everything; the names later reach shells and the Docker API, so {@link
 * dev.tandem.inventory.Names} holds their strict patterns.
 */
@ApplicationModule(allowedDependencies = {"coordination"})
package dev.tandem.inventory;

import org.springframework.modulith.ApplicationModule;
