/**
 * Storage by pool name: binds each pool to its Heketi cluster and reconciles Heketi with the
 * inventory explicitly (cluster, node and device calls, never {@code topology load}), creates,
 * expands and deletes volumes pinned to their pool's cluster with the pool's option profile, keeps
 * those asynchronous operations as persisted resources run on threads of their own, settles by
 * reading Heketi those whose outcome Tandem could not observe, and renders what users paste: fstab
 * lines and StorageClass manifests. Depends on the inventory and heketi modules, and on security for
 * the access policy's pool scope of an operation read by id.
 */
@ApplicationModule(allowedDependencies = {"inventory", "heketi", "security", "coordination"})
package dev.tandem.storage;

import org.springframework.modulith.ApplicationModule;
