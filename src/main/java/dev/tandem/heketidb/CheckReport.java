package dev.tandem.heketidb;

import java.util.List;
import java.util.Map;

/**
 * Heketi's consistency check as Tandem shows it: Heketi's own summary of its whole database by kind
 * ({@code /db/check}), the pools with their clusters (counts and the findings that name one of their
 * objects), clusters no pool is bound to, and whether Heketi's gluster state examination was available.
 *
 * @param consistent Heketi found no inconsistency and the examination (if available) named no object
 * @param totalInconsistencies Heketi's count
 * @param database Heketi's summary per kind of object (clusters, volumes, bricks, nodes, devices, ...)
 * @param pools every pool of the inventory, with what Heketi holds for it
 * @param unknownClusters Heketi clusters that no pool is bound to
 * @param otherFindings findings that name no cluster, node or volume Heketi lists
 * @param examination whether {@code /internal/state/examine/gluster} answered
 */
record CheckReport(boolean consistent, int totalInconsistencies, Map<String, KindSummary> database,
    List<PoolCheck> pools, List<ClusterCheck> unknownClusters, List<String> otherFindings, Examination examination) {

  /** Heketi's check of one kind of object. */
  record KindSummary(int total, int pending, int ok, int notok, List<String> inconsistencies) {}

  /**
   * One pool: its bound clusters as Heketi holds them, and those bound in the inventory that Heketi
   * does not know ({@code missingClusters}).
   */
  record PoolCheck(String pool, List<ClusterCheck> clusters, List<String> missingClusters) {}

  /** One Heketi cluster: how many nodes and volumes it holds, and the findings naming it or them. */
  record ClusterCheck(String cluster, int nodes, int volumes, List<String> findings) {}

  /** Whether the examination answered, and if not, why. */
  record Examination(boolean available, String detail) {}
}
