package dev.tandem.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiModel.ClusterInfo;
import dev.tandem.heketi.HeketiModel.DeviceInfo;
import dev.tandem.heketi.HeketiModel.NodeInfo;
import dev.tandem.heketi.HeketiProperties;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.inventory.PoolLayout;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * What differs between the inventory and Heketi, read-only: the same single read and the same matching
 * as {@link Reconciler} ({@link HeketiSnapshot}), so what this reports is what a reconcile would add or
 * adopt, plus what reconcile leaves alone: objects that are not online, nodes in the wrong cluster or
 * zone, objects and volumes in a pool's cluster that neither the inventory nor Tandem's volumes know,
 * and clusters bound to no pool.
 */
@Service
public class HeketiDrift {

  private static final String RECONCILE = "POST /api/v1/reconcile";
  private static final String LEFT_ALONE = "none by Tandem, which leaves what it does not know alone: add it to the"
      + " inventory, or remove it from Heketi";
  private static final String UNRECORDED_VOLUME = "none needed if it was made through the Heketi-compatible API or"
      + " with heketi-cli: Tandem never deletes it; otherwise delete it in Heketi by hand if nobody uses it"
      + " (GET /api/v1/pools/";

  private final HeketiClient heketi;
  private final HeketiBindings bindings;
  private final EntityManager em;
  private final int readers;

  HeketiDrift(HeketiClient heketi, HeketiBindings bindings, EntityManager em, HeketiProperties properties) {
    this.heketi = heketi;
    this.bindings = bindings;
    this.em = em;
    this.readers = Math.max(1, properties.maxInFlight() / 2);
  }

  /** One difference; {@code pool} null for a platform-wide one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Finding(String pool, String kind, String object, String expected, String found, String repair) {}

  /** Heketi's part of a drift report: whether Heketi could be read, and what differs. */
  public record Report(boolean read, String status, List<Finding> findings) {}

  public Report compare() {
    Map<String, PoolLayout> layouts = bindings.layouts();
    HeketiSnapshot snapshot;
    ExecutorService pool = Executors.newFixedThreadPool(readers);
    try {
      snapshot = HeketiSnapshot.read(heketi, pool);
    } catch (ErrorResponseException e) {
      return new Report(false, "Heketi was not read: " + e.getBody().getDetail(), List.of());
    } finally {
      pool.shutdownNow();
    }
    Map<String, Set<String>> volumes = knownVolumes();
    List<Finding> findings = new ArrayList<>();
    Set<String> bound = new HashSet<>();
    for (PoolLayout layout : layouts.values()) {
      bound.addAll(layout.clusterIds());
      comparePool(layout, snapshot, volumes.getOrDefault(layout.name(), Set.of()), findings);
    }
    snapshot.unboundClusters(bound).forEach(id -> findings.add(new Finding(null, "heketi-cluster", id,
        "every Heketi cluster bound to a pool", "Heketi cluster " + id + " is bound to no pool", LEFT_ALONE)));
    return new Report(true, "Heketi read: " + snapshot.clusters().size() + " clusters", findings);
  }

  private void comparePool(PoolLayout layout, HeketiSnapshot snapshot, Set<String> known, List<Finding> out) {
    String pool = layout.name();
    if (layout.clusterIds().isEmpty()) {
      out.add(new Finding(pool, "heketi-cluster", pool, "a Heketi cluster bound to the pool", "none bound yet",
          RECONCILE));
    }
    Set<String> clusters = new HashSet<>(layout.clusterIds());
    for (String id : layout.clusterIds()) {
      if (!snapshot.clusters().containsKey(id)) {
        out.add(new Finding(pool, "heketi-cluster", id, "Heketi cluster " + id + ", bound to the pool",
            "Heketi no longer has it", "restore Heketi's database (restore-heketi-db), or delete and re-create the pool"));
      }
    }
    Set<String> ours = new HashSet<>();
    for (PoolLayout.Member member : layout.members()) {
      NodeInfo node = snapshot.node(member);
      String name = member.container() + " (" + member.ip() + ")";
      if (node == null) {
        out.add(new Finding(pool, "heketi-node", name, "a Heketi node with hostname " + member.ip()
            + (member.heketiNodeId() == null ? "" : ", bound as " + member.heketiNodeId()), "none", RECONCILE));
        continue;
      }
      ours.add(node.id());
      if (!clusters.isEmpty() && !clusters.contains(node.cluster())) {
        out.add(new Finding(pool, "heketi-node", name, "in the pool's cluster " + clusters,
            "node " + node.id() + " is in cluster " + node.cluster(), "remove the node from that cluster in Heketi"));
        continue;
      }
      if (!node.id().equals(member.heketiNodeId())) {
        out.add(new Finding(pool, "heketi-node", name, "bound to node " + member.heketiNodeId(),
            "Heketi's node for it is " + node.id(), RECONCILE + " (adopts it)"));
      }
      if (!"online".equals(node.state())) {
        out.add(new Finding(pool, "heketi-node", name, "online", node.state(),
            "heketi-cli node enable " + node.id() + " (POST /nodes/" + node.id() + "/state)"));
      }
      if (node.zone() != member.zone()) {
        out.add(new Finding(pool, "heketi-node", name, "zone " + member.zone(), "zone " + node.zone(),
            "none: Heketi cannot change a node's zone"));
      }
      compareDevices(pool, member, node, HeketiSnapshot.devicesOf(layout, member), out);
    }
    snapshot.unknownNodes(clusters, ours).forEach((id, others) -> others.forEach(n -> out.add(new Finding(pool,
        "heketi-node", n, "only the pool's members in its cluster " + id, "node " + n + " is not a member",
        LEFT_ALONE))));
    for (String id : clusters) {
      ClusterInfo cluster = snapshot.clusters().get(id);
      if (cluster != null && cluster.volumes() != null) {
        cluster.volumes().stream().filter(v -> !known.contains(v)).forEach(v -> out.add(new Finding(pool,
            "heketi-volume", v, "a record in Tandem of each volume in the pool's cluster " + id,
            "Heketi volume " + v + " has no record in Tandem (volumes made through the Heketi-compatible API,"
                + " e.g. Kubernetes PVs, or with heketi-cli have none)", UNRECORDED_VOLUME + pool + "/volumes lists it)")));
      }
    }
  }

  private static void compareDevices(String pool, PoolLayout.Member member, NodeInfo node,
      List<PoolLayout.Device> mine, List<Finding> out) {
    Map<String, DeviceInfo> present = HeketiSnapshot.devices(node);
    for (PoolLayout.Device device : mine) {
      String name = member.host() + ":" + device.path();
      DeviceInfo info = present.get(device.path());
      if (info == null) {
        out.add(new Finding(pool, "heketi-device", name, "on Heketi node " + node.id()
            + (device.heketiDeviceId() == null ? "" : ", bound as " + device.heketiDeviceId()), "none", RECONCILE));
        continue;
      }
      if (!info.id().equals(device.heketiDeviceId())) {
        out.add(new Finding(pool, "heketi-device", name, "bound to device " + device.heketiDeviceId(),
            "Heketi's device for it is " + info.id(), RECONCILE + " (adopts it)"));
      }
      if (!"online".equals(info.state())) {
        out.add(new Finding(pool, "heketi-device", name, "online", info.state(),
            "heketi-cli device enable " + info.id() + ", or replace the device"));
      }
    }
    HeketiSnapshot.unknownDevices(node, mine).forEach(d -> out.add(new Finding(pool, "heketi-device",
        member.host() + ":" + d.name(), "only the pool's devices on node " + node.id(),
        "device " + d.id() + " is not assigned to the pool", LEFT_ALONE)));
  }

  /** The Heketi volume ids of Tandem's volume records, by pool. */
  private Map<String, Set<String>> knownVolumes() {
    Map<String, Set<String>> known = new HashMap<>();
    em.createQuery("select v.poolName, v.heketiVolumeId from VolumeEntity v where v.heketiVolumeId is not null",
            Object[].class).getResultList()
        .forEach(row -> known.computeIfAbsent((String) row[0], p -> new HashSet<>()).add((String) row[1]));
    return known;
  }
}
