/**
 * Storage by pool name: binds each pool to its Heketi cluster and reconciles Heketi with the
 * inventory explicitly (cluster, node and device calls, never {@code topology load}), creates,
 * expands and deletes volumes pinned to their pool's cluster with the pool's option profile, keeps
 * those asynchronous operations as persisted resources run as claimed work of their own lane (any live
 * replica carries them on), settles by
 * reading Heketi those whose outcome Tandem could not observe, and renders what users paste: fstab
 * lines and StorageClass manifests. A pool another module holds ({@link dev.tandem.storage.PoolHolds}) takes no
 * new volume operations. Depends on the inventory and heketi modules, and on security for
 * the access policy's pool scope of an operation read by id, and on coordination for its lane.
 */
@ApplicationModule(allowedDependencies = {"inventory", "heketi", "security", "coordination"})
package dev.tandem.storage;

import org.springframework.modulith.ApplicationModule;
