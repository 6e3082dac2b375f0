package dev.tandem.storage;

import dev.tandem.coordination.SingleFlight;
import dev.tandem.heketi.HeketiCalls;
import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiModel.ClusterInfo;
import dev.tandem.heketi.HeketiModel.DeviceAddRequest;
import dev.tandem.heketi.HeketiModel.DeviceInfo;
import dev.tandem.heketi.HeketiModel.Hostnames;
import dev.tandem.heketi.HeketiModel.NodeAddRequest;
import dev.tandem.heketi.HeketiModel.NodeInfo;
import dev.tandem.heketi.HeketiProperties;
import dev.tandem.inventory.DeviceState;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.inventory.InventoryException;
import dev.tandem.inventory.PoolLayout;
import dev.tandem.storage.ReconcileReport.Action;
import dev.tandem.storage.ReconcileReport.Finding;
import dev.tandem.storage.ReconcileReport.Item;
import dev.tandem.storage.ReconcileReport.PoolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Makes Heketi match the inventory, explicitly: a cluster per pool (file volumes on), a node per
 * member (manage = storage = the container IP, the member's zone), the pool's devices on them.
 * Existing Heketi objects are adopted by hostname and device name, never duplicated; anything
 * Heketi has that the inventory does not know is reported and left alone. Heketi is read once per
 * run, so a run that finds nothing to do makes no writing call at all. Pools run concurrently, and
 * so do the members of a pool (each adds its node, then its devices one by one; into an empty cluster
 * the first node alone), on at most half of the client's in-flight limit. One run at a time on all
 * replicas together ({@link SingleFlight}): two at once would both create an unbound pool's cluster.
 */
@Service
public class Reconciler {

  static final String SINGLE_FLIGHT = "reconcile";

  private final HeketiClient heketi;
  private final HeketiBindings bindings;
  private final SingleFlight singleFlight;
  private final int parallelism;
  private final Duration wait;

  Reconciler(HeketiClient heketi, HeketiBindings bindings, SingleFlight singleFlight, HeketiProperties properties,
      StorageProperties storage) {
    this.heketi = heketi;
    this.bindings = bindings;
    this.singleFlight = singleFlight;
    this.parallelism = properties.maxInFlight();
    this.wait = storage.storage().reconcileWait();
  }

  /**
   * Reconciles once no other reconcile runs on any replica, waiting for that at most
   * {@code tandem.storage.reconcile-wait}: a provisioning job's step, which must not fail merely because
   * an operator's reconcile runs. 409 {@code reconcile-running} if one still runs after the wait.
   */
  public ReconcileReport reconcile(List<String> pools, boolean destroyData) {
    return singleFlight.waiting(SINGLE_FLIGHT, wait, () -> reconcileNow(pools, destroyData))
        .orElseThrow(() -> running("still runs after " + wait + " of waiting"));
  }

  /** Reconciles now, or refuses at once with 409 {@code reconcile-running} while another runs on any replica. */
  public ReconcileReport reconcileIfIdle(List<String> pools, boolean destroyData) {
    return singleFlight.ifIdle(SINGLE_FLIGHT, () -> reconcileNow(pools, destroyData))
        .orElseThrow(() -> running("is running"));
  }

  /** {@link #reconcileIfIdle} of every pool the inventory has when the run starts. */
  public ReconcileReport reconcileAllIfIdle(boolean destroyData) {
    return singleFlight.ifIdle(SINGLE_FLIGHT, () -> reconcileNow(null, destroyData))
        .orElseThrow(() -> running("is running"));
  }

  private static StorageException running(String state) {
    return new StorageException(HttpStatus.CONFLICT, "reconcile-running",
        "another reconcile (of any pools, started on this or another Tandem replica) " + state
            + "; reconciles run one at a time",
        "try again when it ends: a reconcile run after it sees what it did");
  }

  /** One run over the named pools ({@code null}: all), read from the inventory once, after the single-flight lock. */
  private ReconcileReport reconcileNow(List<String> names, boolean destroyData) {
    long started = System.nanoTime();
    Map<String, PoolLayout> all = bindings.layouts();
    List<PoolLayout> pools = names == null ? List.copyOf(all.values()) : names.stream().map(name ->
        Optional.ofNullable(all.get(name)).orElseThrow(() -> InventoryException.notFound("pool", name))).toList();
    HeketiCalls readCalls = new HeketiCalls();
    List<PoolResult> results = new ArrayList<>();
    ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, Math.min(pools.size(), parallelism)));
    // at most half of Heketi's in-flight limit: the rest stays for operations forwarded meanwhile
    ExecutorService members = Executors.newFixedThreadPool(Math.max(1, parallelism / 2));
    HeketiSnapshot snapshot;
    try {
      snapshot = HeketiSnapshot.read(heketi.counting(readCalls), members);
      List<Future<PoolResult>> futures = new ArrayList<>();
      for (PoolLayout pool : pools) {
        futures.add(executor.submit(() -> reconcilePool(pool, snapshot, destroyData, members)));
      }
      RuntimeException failure = null;
      for (Future<PoolResult> future : futures) {   // every pool waited for before the run ends
        try {
          results.add(get(future));
        } catch (RuntimeException e) {
          failure = failure == null ? e : failure;
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      executor.shutdownNow();
      members.shutdownNow();
    }
    List<Finding> unknown = new ArrayList<>();
    Set<String> bound = new HashSet<>();   // bound before the run, or by it
    all.values().forEach(layout -> bound.addAll(layout.clusterIds()));
    results.stream().filter(r -> r.cluster() != null).forEach(r -> bound.add(r.cluster().id()));
    snapshot.unboundClusters(bound).forEach(id -> unknown.add(
        new Finding("cluster", id, "Heketi cluster " + id + " is bound to no pool")));
    int reads = readCalls.reads() + results.stream().mapToInt(r -> r.heketiCalls().reads()).sum();
    int writes = readCalls.writes() + results.stream().mapToInt(r -> r.heketiCalls().writes()).sum();
    boolean failed = results.stream().anyMatch(r -> r.error() != null);
    String message = failed ? "some pools could not be reconciled; see their errors"
        : writes == 0 ? "Heketi already matches the inventory: no writing call was made"
        : "Heketi now matches the inventory (" + writes + " writing calls)";
    return new ReconcileReport(results, unknown, new ReconcileReport.Calls(reads, writes),
        (System.nanoTime() - started) / 1_000_000, writes > 0, message);
  }

  /** What one member added, adopted or skipped: its node, its devices, what was found unknown. */
  private record MemberResult(Item node, List<Item> devices, List<Finding> unknown) {}

  private PoolResult reconcilePool(PoolLayout layout, HeketiSnapshot snapshot, boolean destroyData,
      ExecutorService members) {
    String pool = layout.name();
    HeketiCalls calls = new HeketiCalls();
    HeketiClient client = heketi.counting(calls);
    List<Item> nodes = new ArrayList<>();
    List<Item> devices = new ArrayList<>();
    List<Finding> unknown = new ArrayList<>();
    Item cluster = null;
    try {
      cluster = cluster(client, layout, snapshot);
      String clusterId = cluster.id();
      Set<String> poolClusters = new HashSet<>(layout.clusterIds());
      poolClusters.add(clusterId);
      // Members in parallel, each its node then its devices. Not into an empty cluster: Heketi has a
      // new node peer-probed by a node already in the cluster, so the first node goes in alone.
      List<PoolLayout.Member> rest = new ArrayList<>(layout.members());
      ClusterInfo before = snapshot.clusters().get(clusterId);
      boolean empty = before == null || before.nodes().isEmpty();
      while (empty && !rest.isEmpty()) {
        MemberResult alone = reconcileMember(client, pool, layout, rest.remove(0), clusterId, poolClusters, snapshot,
            destroyData);
        collect(alone, nodes, devices, unknown);
        empty = alone.node().action() == Action.SKIPPED;   // a node of another cluster: still none in this one
      }
      List<Future<MemberResult>> futures = new ArrayList<>();
      for (PoolLayout.Member member : rest) {
        futures.add(members.submit(() -> reconcileMember(client, pool, layout, member, clusterId, poolClusters,
            snapshot, destroyData)));
      }
      RuntimeException failure = null;
      for (Future<MemberResult> future : futures) {   // every one waited for, failed or not
        try {
          collect(get(future), nodes, devices, unknown);
        } catch (RuntimeException e) {
          failure = failure == null ? e : failure;
        }
      }
      if (failure != null) {
        throw failure;
      }
      Set<String> ours = new HashSet<>();
      nodes.forEach(n -> ours.add(n.id()));
      snapshot.unknownNodes(poolClusters, ours).forEach((id, others) -> others.forEach(n -> unknown.add(new Finding(
          "node", n, "Heketi node " + n + " in pool " + pool + "'s cluster " + id + " is not a member in the inventory"))));
      return new PoolResult(pool, cluster, nodes, devices, unknown, totals(calls), null);
    } catch (ErrorResponseException e) {
      String detail = e.getBody().getDetail();
      return new PoolResult(pool, cluster, nodes, devices, unknown, totals(calls), detail);
    }
  }

  private static void collect(MemberResult result, List<Item> nodes, List<Item> devices, List<Finding> unknown) {
    nodes.add(result.node());
    devices.addAll(result.devices());
    unknown.addAll(result.unknown());
  }

  private MemberResult reconcileMember(HeketiClient client, String pool, PoolLayout layout, PoolLayout.Member member,
      String clusterId, Set<String> poolClusters, HeketiSnapshot snapshot, boolean destroyData) {
    NodeInfo node = snapshot.node(member);
    Item item;
    if (node == null) {
      node = client.addNode(new NodeAddRequest(member.zone(),
          new Hostnames(List.of(member.ip()), List.of(member.ip())), clusterId, Map.of("pool", pool)));
      bindings.bindNode(pool, member.host(), node.id());
      item = new Item(member.container(), node.id(), Action.CREATED, null);
    } else if (!poolClusters.contains(node.cluster())) {
      return new MemberResult(new Item(member.container(), node.id(), Action.SKIPPED, "Heketi node " + node.id()
          + " for " + member.ip() + " is in cluster " + node.cluster() + ", not in this pool's cluster " + clusterId),
          List.of(), List.of());
    } else {
      item = adopt(node.id(), member.heketiNodeId(), member.container(),
          id -> bindings.bindNode(pool, member.host(), id));
      if (node.zone() != member.zone()) {
        item = new Item(item.name(), item.id(), item.action(), "zone in Heketi is " + node.zone()
            + ", inventory says " + member.zone() + " (Heketi cannot change a node's zone: left as is)");
      }
    }
    List<Finding> unknown = new ArrayList<>();
    List<Item> devices = devices(client, layout, member, node, destroyData, unknown);
    return new MemberResult(item, devices, unknown);
  }

  private Item cluster(HeketiClient client, PoolLayout layout, HeketiSnapshot snapshot) {
    if (!layout.clusterIds().isEmpty()) {
      String id = layout.clusterIds().get(0);
      if (!snapshot.clusters().containsKey(id)) {
        throw new StorageException(HttpStatus.CONFLICT, "cluster-missing",
            "pool " + layout.name() + " is bound to Heketi cluster " + id + ", which Heketi no longer has",
            "restore Heketi's database from a backup, or unbind the pool by deleting and re-creating it");
      }
      return new Item(layout.name(), id, Action.UNCHANGED, null);
    }
    // A cluster made outside Tandem (e.g. by topology load) holding this pool's members is adopted.
    for (PoolLayout.Member member : layout.members()) {
      NodeInfo node = snapshot.node(member);
      if (node != null) {
        bindings.bindCluster(layout.name(), node.cluster());
        return new Item(layout.name(), node.cluster(), Action.ADOPTED, "holds node " + member.ip());
      }
    }
    ClusterInfo created = client.createCluster(true, false);
    bindings.bindCluster(layout.name(), created.id());
    return new Item(layout.name(), created.id(), Action.CREATED, null);
  }

  private List<Item> devices(HeketiClient client, PoolLayout layout, PoolLayout.Member member, NodeInfo node,
      boolean destroyData, List<Finding> unknown) {
    List<Item> items = new ArrayList<>();
    Map<String, DeviceInfo> present = HeketiSnapshot.devices(node);
    List<PoolLayout.Device> mine = HeketiSnapshot.devicesOf(layout, member);
    List<PoolLayout.Device> added = new ArrayList<>();
    for (PoolLayout.Device device : mine) {
      DeviceInfo info = present.get(device.path());
      String name = member.host() + ":" + device.path();
      if (info != null) {
        items.add(adopt(info.id(), device.heketiDeviceId(), name,
            id -> bindings.bindDevice(layout.name(), member.host(), device.path(), id)));
        continue;
      }
      boolean wipe = destroyData && device.state() == DeviceState.FREE && device.signature() == null;
      client.addDevice(new DeviceAddRequest(node.id(), device.path(), Map.of("pool", layout.name()), wipe));
      added.add(device);
    }
    if (!added.isEmpty()) {
      NodeInfo after = client.node(node.id());
      for (PoolLayout.Device device : added) {
        String id = after.devices().stream().filter(d -> d.name().equals(device.path())).map(DeviceInfo::id)
            .findFirst().orElseThrow(() -> new StorageException(HttpStatus.BAD_GATEWAY,
                "device-missing", "Heketi accepted " + device.path() + " on node " + node.id()
                    + " but does not list it", "look at Heketi's log"));
        bindings.bindDevice(layout.name(), member.host(), device.path(), id);
        items.add(new Item(member.host() + ":" + device.path(), id, Action.CREATED, null));
      }
    }
    HeketiSnapshot.unknownDevices(node, mine).forEach(d -> unknown.add(new Finding("device",
        d.id(), "device " + d.name() + " on Heketi node " + member.ip() + " is not assigned to pool " + layout.name())));
    return items;
  }

  /** Adopts a Heketi object: binds its id when the inventory did not have it (or had another). */
  private static Item adopt(String heketiId, String boundId, String name, Consumer<String> binder) {
    if (heketiId.equals(boundId)) {
      return new Item(name, heketiId, Action.UNCHANGED, null);
    }
    binder.accept(heketiId);
    return new Item(name, heketiId, Action.ADOPTED, null);
  }

  private static ReconcileReport.Calls totals(HeketiCalls calls) {
    return new ReconcileReport.Calls(calls.reads(), calls.writes());
  }

  private static <T> T get(Future<T> future) {
    return HeketiSnapshot.get(future);
  }
}
