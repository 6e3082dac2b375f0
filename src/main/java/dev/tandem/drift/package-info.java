/**
 * The drift report: what differs between the inventory and the platform. Heketi's part comes from the
 * storage module's comparison ({@code HeketiDrift}, the same read and matching reconcile uses); the
 * Docker engines' and hosts' part from the provisioning module's check half of prepare-hosts,
 * deploy-pool and deploy-heketi ({@code ProvisioningCheck}, which says what it leaves out). Read-only:
 * hosts without a pinned SSH host key are not connected to. One report at a time on all replicas. Runs on demand and, with {@code tandem.drift.interval} set, on a lane of claimed work (one
 * replica per run); the last report is stored in the database and its findings are the
 * {@code tandem_drift_findings{pool,kind}} gauges. Depends on storage, provisioning, inventory (pool names)
 * and coordination (the lane).
 */
@ApplicationModule(allowedDependencies = {"storage", "provisioning", "inventory", "coordination"})
package dev.tandem.drift;

import org.springframework.modulith.ApplicationModule;
