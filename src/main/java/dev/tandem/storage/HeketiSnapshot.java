package dev.tandem.storage;

import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiModel.ClusterInfo;
import dev.tandem.heketi.HeketiModel.DeviceInfo;
import dev.tandem.heketi.HeketiModel.NodeInfo;
import dev.tandem.inventory.PoolLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Heketi as read once: its clusters and their nodes (with their devices), and how they are matched
 * with the inventory. Reconcile and the drift report both read and match through this, so what one
 * would change is what the other reports: a member's node is the node whose manage hostname is the
 * member's IP, a pool's device is the device of that node with the device's path as its name, and
 * what a pool's clusters hold beyond its members and devices is unknown to the inventory.
 */
record HeketiSnapshot(Map<String, ClusterInfo> clusters, Map<String, NodeInfo> nodesByIp) {

  /** Reads Heketi's clusters and their nodes, the reads of each kind in parallel on {@code readers}. */
  static HeketiSnapshot read(HeketiClient client, ExecutorService readers) {
    Map<String, Future<ClusterInfo>> reads = new LinkedHashMap<>();
    client.clusters().clusters().forEach(id -> reads.put(id, readers.submit(() -> client.cluster(id))));
    Map<String, ClusterInfo> clusters = new LinkedHashMap<>();
    List<Future<NodeInfo>> nodeReads = new ArrayList<>();
    reads.forEach((id, read) -> {
      ClusterInfo cluster = get(read);
      clusters.put(id, cluster);
      cluster.nodes().forEach(nodeId -> nodeReads.add(readers.submit(() -> client.node(nodeId))));
    });
    Map<String, NodeInfo> nodes = new HashMap<>();
    for (Future<NodeInfo> read : nodeReads) {
      NodeInfo node = get(read);
      node.hostnames().manage().forEach(ip -> nodes.put(ip, node));
    }
    return new HeketiSnapshot(clusters, nodes);
  }

  /** The member's node: the one whose manage hostname is its IP (null: none). */
  NodeInfo node(PoolLayout.Member member) {
    return nodesByIp.get(member.ip());
  }

  /** A node's devices by name (its device path), the first of a name kept. */
  static Map<String, DeviceInfo> devices(NodeInfo node) {
    Map<String, DeviceInfo> present = new LinkedHashMap<>();
    if (node != null && node.devices() != null) {
      node.devices().forEach(d -> present.putIfAbsent(d.name(), d));
    }
    return present;
  }

  /** The pool's devices on a member's host. */
  static List<PoolLayout.Device> devicesOf(PoolLayout layout, PoolLayout.Member member) {
    return layout.devices().stream().filter(d -> d.host().equals(member.host())).toList();
  }

  /** The devices of {@code node} that are not among the pool's devices on the member's host. */
  static List<DeviceInfo> unknownDevices(NodeInfo node, List<PoolLayout.Device> mine) {
    Set<String> assigned = new HashSet<>();
    mine.forEach(d -> assigned.add(d.path()));
    return devices(node).values().stream().filter(d -> !assigned.contains(d.name())).toList();
  }

  /** The nodes of these clusters that are not among {@code ours}, by cluster. */
  Map<String, List<String>> unknownNodes(Collection<String> clusterIds, Set<String> ours) {
    Map<String, List<String>> unknown = new LinkedHashMap<>();
    for (String id : clusterIds) {
      ClusterInfo info = clusters.get(id);
      if (info != null) {
        unknown.put(id, info.nodes().stream().filter(n -> !ours.contains(n)).toList());
      }
    }
    return unknown;
  }

  /** The clusters bound to no pool, in id order. */
  List<String> unboundClusters(Set<String> bound) {
    return clusters.keySet().stream().filter(id -> !bound.contains(id)).sorted().toList();
  }

  static <T> T get(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
