package dev.tandem.inventory.persistence;

import dev.tandem.inventory.DeviceSpec;
import dev.tandem.inventory.HeketiSpec;
import dev.tandem.inventory.HostSpec;
import dev.tandem.inventory.InterfaceSpec;
import dev.tandem.inventory.MemberSpec;
import dev.tandem.inventory.PlatformSpec;
import dev.tandem.inventory.PoolDeviceSpec;
import dev.tandem.inventory.PoolLayout;
import dev.tandem.inventory.PoolSpec;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.tandem.coordination.CoordinationProperties;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the whole inventory as a {@link PlatformSpec} and makes the tables match a spec. Rows are
 * matched by their names (host, host/interface, host:device, pool, pool/host, pool/host:device), so
 * state that no spec carries (Heketi UUIDs, SSH host keys) stays on the rows that survive.
 * Callers hold the platform lock ({@link #lock()}) and a transaction.
 */
@Repository
public class InventoryStore {

  private final EntityManager em;
  private final PlatformRepository platform;
  private final HostRepository hosts;
  private final InterfaceRepository interfaces;
  private final DeviceRepository devices;
  private final PoolRepository pools;
  private final MemberRepository members;
  private final AssignmentRepository assignments;
  private final HeketiServerRepository heketi;
  private final ClusterIdsCache clusterIds;
  private final TransactionTemplate readOnly;

  InventoryStore(EntityManager em, PlatformRepository platform, HostRepository hosts,
      InterfaceRepository interfaces, DeviceRepository devices, PoolRepository pools,
      MemberRepository members, AssignmentRepository assignments, HeketiServerRepository heketi,
      CoordinationProperties coordination, PlatformTransactionManager transactions) {
    this.em = em;
    this.platform = platform;
    this.hosts = hosts;
    this.interfaces = interfaces;
    this.devices = devices;
    this.pools = pools;
    this.members = members;
    this.assignments = assignments;
    this.heketi = heketi;
    this.clusterIds = new ClusterIdsCache(coordination.cacheStaleness(), Ticker.systemTicker());
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
  }

  /** Takes the platform write lock for the rest of the transaction; returns the current revision. */
  public long lock() {
    return locked().revision;
  }

  /** The platform row, locked; whatever this transaction writes, {@link ClusterIdsCache} forgets. */
  private PlatformEntity locked() {
    clusterIds.forget();
    return platform.lock();
  }

  /** The current revision, without locking. */
  public long revision() {
    return platform.findById(1).orElseThrow().revision;
  }

  /** Pools bound to a Heketi cluster: deleting one orphans Heketi state, so it needs a cascade. */
  public Set<String> poolsBoundToHeketi() {
    return pools.findAll().stream()
        .filter(p -> !p.heketiClusterIds.isEmpty())
        .map(p -> p.name)
        .collect(Collectors.toSet());
  }

  public Optional<String> hostKey(String host) {
    return hosts.findByName(host).map(h -> h.sshHostKey);
  }

  public void recordHostKey(String host, String key) {
    hosts.findByName(host).ifPresent(h -> h.sshHostKey = key);
  }

  /** Forgets a host's pinned key; false when there is no such host. */
  public boolean forgetHostKey(String host) {
    return hosts.findByName(host).map(h -> {
      h.sshHostKey = null;
      return true;
    }).orElse(false);
  }

  /**
   * As {@link #clusterIdsByPool()}, from {@link ClusterIdsCache}: outside a transaction, up to {@code
   * tandem.coordination.cache-staleness} old when another replica wrote them.
   */
  public Map<String, List<String>> cachedClusterIdsByPool() {
    return clusterIds.get(() -> Collections.unmodifiableMap(readOnly.execute(status -> clusterIdsByPool())));
  }

  /** Every pool's name and its bound Heketi cluster ids, in name order. */
  public Map<String, List<String>> clusterIdsByPool() {
    Map<String, List<String>> out = new TreeMap<>();
    pools.findAll().forEach(p -> out.put(p.name, p.heketiClusterIds.stream().sorted().toList()));
    return out;
  }

  /** One pool with its Heketi bindings, members in host order, devices in host and path order. */
  public Optional<PoolLayout> layout(String poolName) {
    return pools.findByName(poolName).map(p -> layout(p, members.findByPool(p), assignments.findByPool(p)));
  }

  /** Every pool's {@link #layout(String) layout}, by name; each table is read once, not once per pool. */
  public Map<String, PoolLayout> layouts() {
    List<PoolEntity> allPools = pools.findAll();
    Map<Long, List<MemberEntity>> membersByPool = group(members.findAll(), m -> m.pool.id);
    Map<Long, List<AssignmentEntity>> assignmentsByPool = group(assignments.findAll(), a -> a.pool.id);
    Map<String, PoolLayout> out = new TreeMap<>();
    allPools.forEach(p -> out.put(p.name, layout(p, membersByPool.getOrDefault(p.id, List.of()),
        assignmentsByPool.getOrDefault(p.id, List.of()))));
    return out;
  }

  private static PoolLayout layout(PoolEntity p, List<MemberEntity> poolMembers,
      List<AssignmentEntity> poolAssignments) {
    return new PoolLayout(p.name, p.purpose, p.optionProfile, p.durability,
        p.heketiClusterIds.stream().sorted().toList(),
        poolMembers.stream()
            .sorted(Comparator.comparing(m -> m.host.name))
            .map(m -> new PoolLayout.Member(m.host.name, m.containerName, m.containerIp, m.zone, m.heketiNodeId))
            .toList(),
        poolAssignments.stream()
            .sorted(Comparator.comparing((AssignmentEntity a) -> a.device.host.name).thenComparing(a -> a.device.path))
            .map(a -> new PoolLayout.Device(a.device.host.name, a.device.path, a.device.state, a.device.signature,
                a.heketiDeviceId))
            .toList());
  }

  public void bindCluster(String poolName, String clusterId) {
    pools.findByName(poolName).orElseThrow().heketiClusterIds.add(clusterId);
  }

  public void bindNode(String poolName, String host, String nodeId) {
    members.findByPool(pools.findByName(poolName).orElseThrow()).stream()
        .filter(m -> m.host.name.equals(host))
        .forEach(m -> m.heketiNodeId = nodeId);
  }

  public void bindDevice(String poolName, String host, String path, String deviceId) {
    assignments.findByPool(pools.findByName(poolName).orElseThrow()).stream()
        .filter(a -> a.device.host.name.equals(host) && a.device.path.equals(path))
        .forEach(a -> a.heketiDeviceId = deviceId);
  }

  /** The whole inventory as a spec, every list in name order; each row visited once (then sorted). */
  public PlatformSpec load() {
    // hosts and pools first: the rows that refer to them then find them loaded
    List<HostEntity> allHosts = hosts.findAll();
    List<PoolEntity> allPools = pools.findAll();
    Map<Long, List<InterfaceEntity>> interfacesByHost = group(interfaces.findAll(), i -> i.host.id);
    Map<Long, List<DeviceEntity>> devicesByHost = group(devices.findAll(), d -> d.host.id);
    Map<Long, List<MemberEntity>> membersByPool = group(members.findAll(), m -> m.pool.id);
    Map<Long, List<AssignmentEntity>> assignmentsByPool = group(assignments.findAll(), a -> a.pool.id);
    List<HostSpec> hostSpecs = allHosts.stream()
        .sorted(Comparator.comparing(h -> h.name))
        .map(h -> new HostSpec(h.name, h.address, h.sshUser, h.sshPort, h.dockerEndpoint, h.labels,
            interfacesByHost.getOrDefault(h.id, List.of()).stream()
                .sorted(Comparator.comparing(i -> i.name))
                .map(i -> new InterfaceSpec(i.name, i.kind, i.parentName, i.vlanId, i.address)).toList(),
            devicesByHost.getOrDefault(h.id, List.of()).stream()
                .sorted(Comparator.comparing(d -> d.path))
                .map(d -> new DeviceSpec(d.path, d.stableId, d.sizeBytes, d.rotational, d.state, d.signature))
                .toList()))
        .toList();
    List<PoolSpec> poolSpecs = allPools.stream()
        .sorted(Comparator.comparing(p -> p.name))
        .map(p -> new PoolSpec(p.name, p.purpose, p.subnet, p.gateway, p.interfaceName, p.dockerNetwork, p.image,
            p.privilegeMode, p.sshPort, p.durability, p.optionProfile, p.allowDegradedDurability,
            membersByPool.getOrDefault(p.id, List.of()).stream()
                .sorted(Comparator.comparing(m -> m.host.name))
                .map(m -> new MemberSpec(m.host.name, m.containerName, m.containerIp, m.zone, m.interfaceName))
                .toList(),
            assignmentsByPool.getOrDefault(p.id, List.of()).stream()
                .map(a -> new PoolDeviceSpec(a.device.host.name, a.device.path))
                .sorted(Comparator.comparing(PoolDeviceSpec::host).thenComparing(PoolDeviceSpec::device))
                .toList()))
        .toList();
    HeketiSpec heketiSpec = heketi.findById(1)
        .map(s -> new HeketiSpec(s.host.name, s.port, s.image))
        .orElse(null);
    return new PlatformSpec(hostSpecs, poolSpecs, heketiSpec);
  }

  private static <T> Map<Long, List<T>> group(List<T> rows, Function<T, Long> key) {
    return rows.stream().collect(Collectors.groupingBy(key));
  }

  /**
   * Makes the tables match {@code spec} (already checked by the platform rules) and bumps the
   * revision. Deletes run first, children before parents, then upserts, parents before children. The
   * caller has taken {@link #lock()} in this transaction.
   */
  public long write(PlatformSpec spec) {
    Map<String, HostSpec> hostSpecs = index(spec.hosts(), HostSpec::name);
    Map<String, PoolSpec> poolSpecs = index(spec.pools(), PoolSpec::name);
    Map<String, HostEntity> hostRows = index(hosts.findAll(), h -> h.name);
    Map<String, PoolEntity> poolRows = index(pools.findAll(), p -> p.name);
    Map<String, InterfaceEntity> interfaceRows = index(interfaces.findAll(), i -> i.host.name + "/" + i.name);
    Map<String, DeviceEntity> deviceRows = index(devices.findAll(), d -> d.host.name + ":" + d.path);
    Map<String, MemberEntity> memberRows = index(members.findAll(), m -> m.pool.name + "/" + m.host.name);
    Map<String, AssignmentEntity> assignmentRows =
        index(assignments.findAll(), a -> a.pool.name + "/" + a.device.host.name + ":" + a.device.path);

    Map<String, InterfaceSpec> interfaceSpecs = new TreeMap<>();
    Map<String, DeviceSpec> deviceSpecs = new TreeMap<>();
    spec.hosts().forEach(h -> {
      h.interfaces().forEach(i -> interfaceSpecs.put(h.name() + "/" + i.name(), i));
      h.devices().forEach(d -> deviceSpecs.put(h.name() + ":" + d.path(), d));
    });
    Map<String, MemberSpec> memberSpecs = new TreeMap<>();
    Map<String, PoolDeviceSpec> assignmentSpecs = new TreeMap<>();
    spec.pools().forEach(p -> {
      p.members().forEach(m -> memberSpecs.put(p.name() + "/" + m.host(), m));
      p.devices().forEach(a -> assignmentSpecs.put(p.name() + "/" + a.host() + ":" + a.device(), a));
    });

    if (spec.heketi() == null || !hostSpecs.containsKey(spec.heketi().host())) {
      heketi.deleteAll();
    }
    removeMissing(assignmentRows, assignmentSpecs, assignments::delete);
    removeMissing(memberRows, memberSpecs, members::delete);
    removeMissing(poolRows, poolSpecs, pools::delete);
    em.flush();
    removeMissing(deviceRows, deviceSpecs, devices::delete);
    removeMissing(interfaceRows, interfaceSpecs, interfaces::delete);
    em.flush();
    removeMissing(hostRows, hostSpecs, hosts::delete);
    em.flush();

    hostSpecs.forEach((name, s) -> {
      HostEntity h = hostRows.computeIfAbsent(name, n -> new HostEntity());
      h.name = s.name();
      h.address = s.address();
      h.sshUser = s.sshUser();
      h.sshPort = s.sshPort();
      h.dockerEndpoint = s.dockerEndpoint();
      h.labels.clear();
      h.labels.putAll(s.labels());
      hosts.save(h);
    });
    interfaceSpecs.forEach((key, s) -> {
      InterfaceEntity i = interfaceRows.computeIfAbsent(key, k -> new InterfaceEntity());
      i.host = hostRows.get(key.substring(0, key.indexOf('/')));
      i.name = s.name();
      i.kind = s.kind();
      i.parentName = s.parent();
      i.vlanId = s.vlanId();
      i.address = s.address();
      interfaces.save(i);
    });
    deviceSpecs.forEach((key, s) -> {
      DeviceEntity d = deviceRows.computeIfAbsent(key, k -> new DeviceEntity());
      d.host = hostRows.get(key.substring(0, key.indexOf(':')));
      d.path = s.path();
      d.stableId = s.stableId();
      d.sizeBytes = s.sizeBytes();
      d.rotational = s.rotational();
      d.state = s.state();
      d.signature = s.signature();
      devices.save(d);
    });
    poolSpecs.forEach((name, s) -> {
      PoolEntity p = poolRows.computeIfAbsent(name, n -> new PoolEntity());
      p.name = s.name();
      p.purpose = s.purpose();
      p.subnet = s.subnet();
      p.gateway = s.gateway();
      p.interfaceName = s.hostInterface();
      p.dockerNetwork = s.dockerNetwork();
      p.image = s.image();
      p.privilegeMode = s.privilegeMode();
      p.sshPort = s.sshPort();
      p.durability = s.durability();
      p.optionProfile = s.optionProfile();
      p.allowDegradedDurability = s.allowDegradedDurability();
      pools.save(p);
    });
    memberSpecs.forEach((key, s) -> {
      MemberEntity m = memberRows.computeIfAbsent(key, k -> new MemberEntity());
      m.pool = poolRows.get(key.substring(0, key.indexOf('/')));
      m.host = hostRows.get(s.host());
      m.containerName = s.container();
      m.containerIp = s.ip();
      m.zone = s.zone();
      m.interfaceName = s.hostInterface();
      members.save(m);
    });
    assignmentSpecs.forEach((key, s) -> {
      if (!assignmentRows.containsKey(key)) {
        AssignmentEntity a = new AssignmentEntity();
        a.pool = poolRows.get(key.substring(0, key.indexOf('/')));
        a.device = deviceRows.get(s.host() + ":" + s.device());
        assignments.save(a);
      }
    });
    if (spec.heketi() != null) {
      HeketiServerEntity server = heketi.findById(1).orElseGet(HeketiServerEntity::new);
      server.host = hostRows.get(spec.heketi().host());
      server.port = spec.heketi().port();
      server.image = spec.heketi().image();
      heketi.save(server);
    }
    PlatformEntity row = platform.lock();   // held already: the caller took lock(), which forgot the cluster ids
    row.revision++;
    row.updatedAt = OffsetDateTime.now();
    em.flush();
    return row.revision;
  }

  private static <K, V> void removeMissing(Map<K, V> rows, Map<K, ?> wanted, java.util.function.Consumer<V> delete) {
    rows.entrySet().removeIf(e -> {
      if (wanted.containsKey(e.getKey())) {
        return false;
      }
      delete.accept(e.getValue());
      return true;
    });
  }

  private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
    Map<String, T> map = new TreeMap<>();
    items.forEach(item -> map.put(key.apply(item), item));
    return map;
  }
}
