package dev.tandem.provisioning;

import dev.tandem.exec.ContainerSpec;
import dev.tandem.heketidb.BackupFiles;
import dev.tandem.inventory.HeketiSpec;
import dev.tandem.inventory.HostSpec;
import dev.tandem.inventory.InterfaceSpec;
import dev.tandem.inventory.MemberSpec;
import dev.tandem.inventory.PlatformSpec;
import dev.tandem.inventory.PoolSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a job request and the inventory into the ordered steps: per host, networks before
 * containers, containers before keys, keys before Heketi; reconcile last, for the whole platform.
 */
final class Planner {

  static List<Step> steps(PlatformSpec spec, JobRequest request, HeketiSecrets secrets,
      ProvisioningProperties properties, BackupFiles backups) {
    String root = properties.rootPrefix();
    List<PoolSpec> pools = spec.pools().stream()
        .filter(p -> request.pools().isEmpty() || request.pools().contains(p.name())).toList();
    Set<String> hosts = new LinkedHashSet<>();
    spec.hosts().stream().map(HostSpec::name)
        .filter(h -> request.hosts().isEmpty() || request.hosts().contains(h)).forEach(hosts::add);
    check(request, spec, pools, hosts);
    List<Step> steps = new ArrayList<>();
    switch (request.type()) {
      case PREPARE_HOSTS -> prepareHosts(spec, hosts, steps);
      case DEPLOY_POOL -> deployPools(pools, hosts, request, root, steps);
      case DEPLOY_HEKETI -> deployHeketi(spec, pools, hosts, request, secrets, root, steps);
      case PROVISION_PLATFORM -> {
        prepareHosts(spec, hosts, steps);
        deployPools(pools, hosts, request, root, steps);
        deployHeketi(spec, pools, hosts, request, secrets, root, steps);
        steps.add(StepLibrary.reconcile());
      }
      case DISCOVER_DEVICES -> hosts.forEach(h -> steps.add(DeviceDiscovery.step(h)));
      case TEARDOWN_POOL -> teardown(pools, hosts, steps);
      case WIPE_DEVICES -> hosts.forEach(h -> request.devices().forEach(d -> steps.add(DeviceDiscovery.wipe(h, d))));
      case RESTORE_HEKETI_DB -> steps.addAll(HeketiRestore.steps(spec, request, backups, root));
      case REPLACE_DEVICE, REMOVE_DEVICE -> steps.addAll(DeviceSwapSteps.steps(request));
      case ROLL_POOL -> steps.addAll(RollPool.steps(pools.get(0), hosts, request, properties));
    }
    return steps;
  }

  private static void prepareHosts(PlatformSpec spec, Set<String> hosts, List<Step> steps) {
    for (HostSpec host : spec.hosts()) {
      if (!hosts.contains(host.name())) {
        continue;
      }
      List<InterfaceSpec> vlans = host.interfaces().stream().filter(StepLibrary::isVlan).toList();
      if (!vlans.isEmpty()) {
        steps.add(StepLibrary.vlanModule(host));
        vlans.forEach(v -> steps.add(StepLibrary.vlan(host, v)));
      }
      host.interfaces().stream().filter(StepLibrary::isShim).forEach(s -> steps.add(StepLibrary.shim(host, s)));
      if (spec.heketi() != null && spec.heketi().host().equals(host.name())) {
        steps.add(StepLibrary.firewall(host, spec.heketi().port()));
      }
    }
  }

  private static void deployPools(List<PoolSpec> pools, Set<String> hosts, JobRequest request, String root,
      List<Step> steps) {
    for (PoolSpec pool : pools) {
      for (MemberSpec member : pool.members()) {
        if (!hosts.contains(member.host())) {
          continue;
        }
        ContainerSpec spec = StepLibrary.glusterSpec(pool, member, root(root, member.host()));
        steps.add(StepLibrary.poolDirectories(pool, member));
        steps.add(StepLibrary.poolNetwork(pool, member));
        steps.add(StepLibrary.image(member.host(), pool.image()));
        steps.add(StepLibrary.container(member.host(), spec, request.replaceDrifted()));
        if (request.systemdUnits()) {
          steps.add(StepLibrary.unit(member.host(), spec, "Gluster container " + member.container() + " of pool "
              + pool.name()));
        }
      }
    }
  }

  private static void deployHeketi(PlatformSpec spec, List<PoolSpec> pools, Set<String> hosts, JobRequest request,
      HeketiSecrets secrets, String root, List<Step> steps) {
    HeketiSpec heketi = spec.heketi();
    if (heketi == null) {
      throw JobProblems.refused("the inventory places no Heketi server", "add heketi: {host: node1} to the platform spec");
    }
    Set<Integer> sshPorts = new LinkedHashSet<>();
    spec.pools().forEach(p -> sshPorts.add(p.sshPort()));
    if (sshPorts.size() > 1) {
      throw JobProblems.refused("pools use different sshd ports " + sshPorts + ", but one Heketi has one SSH port for all nodes",
          "give every pool the same sshPort (2222)");
    }
    for (PoolSpec pool : pools) {
      for (MemberSpec member : pool.members()) {
        if (hosts.contains(member.host())) {
          steps.add(StepLibrary.authorizedKey(pool, member, secrets.sshPublicKey()));
        }
      }
    }
    HostSpec host = spec.hosts().stream().filter(h -> h.name().equals(heketi.host())).findFirst().orElseThrow();
    if (!hosts.contains(host.name())) {
      return;
    }
    int sshPort = sshPorts.isEmpty() ? 2222 : sshPorts.iterator().next();
    ContainerSpec container = StepLibrary.heketiSpec(heketi, root(root, host.name()));
    steps.add(StepLibrary.heketiConfig(host, heketi, sshPort, secrets));
    steps.add(StepLibrary.image(host.name(), heketi.image()));
    steps.add(StepLibrary.container(host.name(), container, request.replaceDrifted()));
    if (request.systemdUnits()) {
      steps.add(StepLibrary.unit(host.name(), container, "Gluster Heketi Container"));
    }
    steps.add(StepLibrary.heketiEndpoint(host, heketi));
  }

  private static void teardown(List<PoolSpec> pools, Set<String> hosts, List<Step> steps) {
    for (PoolSpec pool : pools) {
      for (MemberSpec member : pool.members()) {
        if (hosts.contains(member.host())) {
          steps.add(Teardown.container(member.host(), member.container()));
          steps.add(Teardown.network(member.host(), pool.dockerNetwork()));
        }
      }
    }
  }

  private static void check(JobRequest request, PlatformSpec spec, List<PoolSpec> pools, Set<String> hosts) {
    for (String pool : request.pools()) {
      if (spec.pools().stream().noneMatch(p -> p.name().equals(pool))) {
        throw JobProblems.refused("there is no pool named '" + pool + "'", "name pools of the inventory (GET /api/v1/pools)");
      }
    }
    for (String host : request.hosts()) {
      if (spec.hosts().stream().noneMatch(h -> h.name().equals(host))) {
        throw JobProblems.refused("there is no host named '" + host + "'", "name hosts of the inventory (GET /api/v1/hosts)");
      }
    }
    if (request.type() == JobRequest.Type.WIPE_DEVICES) {
      if (request.hosts().isEmpty() || request.devices().isEmpty()) {
        throw JobProblems.refused("wipe-devices needs the hosts and the devices to wipe", "name them: \"hosts\":[\"node1\"],"
            + " \"devices\":[\"/dev/sdh\"]");
      }
      if (!request.confirm() && !request.dryRun()) {
        throw JobProblems.refused("wipe-devices erases every signature (filesystems, partition tables, LVM) on the devices",
            "repeat with \"confirm\":true if their data may go");
      }
      for (String host : request.hosts()) {
        for (String device : request.devices()) {
          var hostSpec = spec.hosts().stream().filter(h -> h.name().equals(host)).findFirst().orElseThrow();
          if (hostSpec.devices().stream().noneMatch(d -> d.path().equals(device))) {
            throw JobProblems.refused("host " + host + " has no device " + device, "declare it or run discover-devices first");
          }
          for (PoolSpec pool : spec.pools()) {
            if (pool.devices().contains(new dev.tandem.inventory.PoolDeviceSpec(host, device))) {
              throw JobProblems.refused("device " + device + " of " + host + " is assigned to pool " + pool.name(),
                  "release it from the pool first (a pool's device is never wiped)");
            }
          }
        }
      }
    }
    if (request.image() != null && request.type() != JobRequest.Type.ROLL_POOL) {
      throw JobProblems.refused("only roll-pool takes an image", "leave out \"image\", or change the pool's image"
          + " in the inventory");
    }
    if (request.type() == JobRequest.Type.ROLL_POOL && request.pools().size() != 1) {
      throw JobProblems.refused("roll-pool rolls one pool at a time", "name it: \"pools\":[\"gluster-ocp\"]");
    }
    if (request.type() == JobRequest.Type.TEARDOWN_POOL) {
      if (request.pools().isEmpty()) {
        throw JobProblems.refused("teardown-pool needs the pools to tear down", "name them: \"pools\":[\"gluster-ocp\"]");
      }
      if (!request.confirm() && !request.dryRun()) {
        throw JobProblems.refused("teardown-pool removes the pools' containers and networks",
            "repeat with \"confirm\":true (devices and data directories are left untouched)");
      }
    }
  }

  /** The host paths' prefix on one host: {host} stands for the host's name. */
  static String root(String prefix, String host) {
    return host == null ? "" : prefix.replace("{host}", host);
  }

  private Planner() {}
}
