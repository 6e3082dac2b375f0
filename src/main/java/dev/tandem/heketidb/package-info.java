/**
 * Heketi's database, day two: scheduled and on-demand backups of it ({@code GET /backup/db}), each
 * checked to be a BoltDB file before it is kept, stored with its size, SHA-256, time and replica, and
 * pruned by count and age (never one held for a restore job: {@code BackupsInUse}); a
 * failed or refused backup is recorded and shown by the {@code heketiBackups} health component and the
 * {@code tandem_heketi_backup_*} metrics. Scheduled backups run on their own lane of claimed work, so
 * one replica takes each. Also Heketi's consistency check and gluster state examination, summarised
 * per pool. Depends on heketi (the client), coordination (the
 * lane) and inventory (pool names of Heketi clusters).
 */
@ApplicationModule(allowedDependencies = {"heketi", "coordination", "inventory"})
package dev.tandem.heketidb;

import org.springframework.modulith.ApplicationModule;
