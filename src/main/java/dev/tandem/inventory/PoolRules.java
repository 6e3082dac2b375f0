package dev.tandem.inventory;

import static dev.tandem.inventory.AddressRules.contains;
import static dev.tandem.inventory.AddressRules.ip;

import dev.tandem.inventory.Violation.Kind;
import inet.ipaddr.IPAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the pools, part of {@link PlatformRules}, against each other and against the hosts
 * they use: names, docker networks and subnets are each a single pool's; members sit on existing
 * hosts and interfaces, one macvlan network per parent interface, with addresses inside the subnet;
 * a device belongs to one pool, on a host where that pool has a member, and is empty and healthy;
 * the members span the zones the pool's durability needs.
 */
final class PoolRules {

  private final List<PoolSpec> pools;
  private final Map<String, HostSpec> hosts;
  private final Violations violations;

  /** {@code hosts}: the platform's hosts by name, as {@link HostRules#check} answers them. */
  PoolRules(List<PoolSpec> pools, Map<String, HostSpec> hosts, Violations violations) {
    this.pools = pools;
    this.hosts = hosts;
    this.violations = violations;
  }

  /** Checks every pool in turn; what must be one pool's is checked against the pools before it. */
  void check() {
    Set<String> names = new HashSet<>();
    Map<String, String> networks = new HashMap<>();
    Map<String, String> containers = new HashMap<>();
    Map<String, String> parents = new HashMap<>();
    Map<String, String> deviceOwner = new HashMap<>();
    for (int p = 0; p < pools.size(); p++) {
      PoolSpec pool = pools.get(p);
      String at = "pools[" + p + "]";
      if (!names.add(pool.name())) {
        violations.add(Kind.RULE, at + ".name", "pool '" + pool.name() + "' is declared twice",
            "declare each pool once");
      }
      String net = networks.putIfAbsent(pool.dockerNetwork(), pool.name());
      if (net != null) {
        violations.add(Kind.RULE, at + ".dockerNetwork", "docker network " + pool.dockerNetwork()
            + " is already pool " + net + "'s", "give each pool its own docker network");
      }
      checkSubnet(pool, p, at);
      checkMembers(pool, at, containers, parents);
      checkPoolDevices(pool, at, deviceOwner);
      checkDurability(pool, at);
    }
  }

  private void checkSubnet(PoolSpec pool, int p, String at) {
    IPAddress subnet = ip(pool.subnet());
    for (int q = 0; q < p; q++) {
      PoolSpec other = pools.get(q);
      IPAddress theirs = ip(other.subnet());
      if (subnet.getIPVersion() == theirs.getIPVersion()
          && (subnet.contains(theirs.getLower()) || theirs.contains(subnet.getLower()))) {
        violations.add(Kind.RULE, at + ".subnet", "subnet " + pool.subnet() + " of pool " + pool.name()
            + " overlaps " + other.subnet() + " of pool " + other.name(), "give each pool its own subnet");
      }
    }
    if (pool.gateway() != null && !contains(subnet, ip(pool.gateway()))) {
      violations.add(Kind.RULE, at + ".gateway", "gateway " + pool.gateway() + " is outside subnet " + pool.subnet(),
          "choose a gateway inside " + pool.subnet() + " or leave it out");
    }
  }

  private void checkMembers(PoolSpec pool, String at, Map<String, String> containers, Map<String, String> parents) {
    IPAddress subnet = ip(pool.subnet());
    Set<String> memberHosts = new HashSet<>();
    for (int m = 0; m < pool.members().size(); m++) {
      MemberSpec member = pool.members().get(m);
      String here = at + ".members[" + m + "]";
      HostSpec host = hosts.get(member.host());
      if (host == null) {
        violations.add(Kind.REFERENCE, here + ".host", "no host named '" + member.host() + "'",
            "declare the host first (POST /api/v1/hosts) or name an existing one");
        continue;
      }
      if (!memberHosts.add(member.host())) {
        violations.add(Kind.RULE, here + ".host", "pool " + pool.name() + " has two members on " + member.host(),
            "run one container per pool per host");
      }
      String other = containers.putIfAbsent(member.host() + "/" + member.container(), pool.name());
      if (other != null) {
        violations.add(Kind.RULE, here + ".container", "container name " + member.container() + " is already used on "
            + member.host() + " by pool " + other,
            "choose another container name, e.g. " + pool.name() + "-" + (m + 1));
      }
      checkMemberInterface(pool, member, host, here, parents);
      IPAddress address = ip(member.ip());
      if (!contains(subnet, address)) {
        violations.add(Kind.RULE, here + ".ip", "container IP " + member.ip() + " is outside subnet " + pool.subnet()
            + " of pool " + pool.name(), "choose an address inside " + pool.subnet());
      } else if (subnet.isIPv4() && subnet.getNetworkPrefixLength() != null && subnet.getNetworkPrefixLength() <= 30
          && (address.equals(subnet.getLower().withoutPrefixLength())
              || address.equals(subnet.getUpper().withoutPrefixLength()))) {
        violations.add(Kind.RULE, here + ".ip",
            member.ip() + " is the network or broadcast address of " + pool.subnet(),
            "choose a host address inside " + pool.subnet());
      }
      if (pool.gateway() != null && address.equals(ip(pool.gateway()))) {
        violations.add(Kind.RULE, here + ".ip", member.ip() + " is the gateway of pool " + pool.name(),
            "choose another address inside " + pool.subnet());
      }
    }
  }

  private void checkMemberInterface(PoolSpec pool, MemberSpec member, HostSpec host, String here,
      Map<String, String> parents) {
    String name = member.hostInterface() != null ? member.hostInterface() : pool.hostInterface();
    String field = member.hostInterface() != null ? here + ".interface" : here + ".host";
    InterfaceSpec iface = host.interfaces().stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
    if (iface == null) {
      violations.add(Kind.REFERENCE, field, "host " + host.name() + " has no interface " + name
          + " for pool " + pool.name(), "declare " + name + " on " + host.name() + " or set the member's interface");
      return;
    }
    if (iface.kind() == InterfaceKind.MACVLAN_SHIM) {
      violations.add(Kind.RULE, field, "pool " + pool.name() + " cannot sit on macvlan shim " + name + " of "
          + host.name(), "name the physical or VLAN interface the shim sits on");
      return;
    }
    String other = parents.putIfAbsent(host.name() + "/" + name, pool.name());
    if (other != null && !other.equals(pool.name())) {
      violations.add(Kind.RULE, field, "interface " + name + " of " + host.name() + " already carries pool " + other
          + "'s macvlan network, and Docker allows one macvlan network per parent interface",
          "put pool " + pool.name() + " on its own interface or VLAN, e.g. " + name + ".200");
    }
  }

  private void checkPoolDevices(PoolSpec pool, String at, Map<String, String> deviceOwner) {
    Set<String> memberHosts = new HashSet<>();
    pool.members().forEach(m -> memberHosts.add(m.host()));
    for (int d = 0; d < pool.devices().size(); d++) {
      PoolDeviceSpec assignment = pool.devices().get(d);
      String here = at + ".devices[" + d + "]";
      HostSpec host = hosts.get(assignment.host());
      if (host == null) {
        violations.add(Kind.REFERENCE, here + ".host", "no host named '" + assignment.host() + "'",
            "name an existing host");
        continue;
      }
      DeviceSpec device = host.devices().stream().filter(x -> x.path().equals(assignment.device())).findFirst()
          .orElse(null);
      String what = assignment.device() + " on " + assignment.host();
      if (device == null) {
        violations.add(Kind.REFERENCE, here + ".device", "host " + assignment.host() + " has no device "
            + assignment.device(), "declare the device on the host first (POST /api/v1/hosts/" + assignment.host()
            + "/devices) or run device discovery");
        continue;
      }
      String owner = deviceOwner.putIfAbsent(assignment.host() + ":" + assignment.device(), pool.name());
      if (owner != null) {
        violations.add(owner.equals(pool.name()) ? Kind.RULE : Kind.CONFLICT, here + ".device",
            "device " + what + " is already assigned to pool " + owner,
            owner.equals(pool.name()) ? "list each device once"
                : "release it from " + owner + " first (DELETE /api/v1/pools/" + owner + "/devices/"
                    + assignment.host() + "/" + Names.deviceName(assignment.device()) + ") or choose another device");
        continue;
      }
      if (!memberHosts.contains(assignment.host())) {
        violations.add(Kind.RULE, here + ".host", "pool " + pool.name() + " has no container on " + assignment.host()
            + " to use " + assignment.device(), "add a member on " + assignment.host() + " to pool " + pool.name()
            + " first");
      }
      if (device.state() == DeviceState.FAILED) {
        violations.add(Kind.RULE, here + ".device", "device " + what + " is marked failed",
            "choose another device, or mark it free once replaced");
      }
      if (device.signature() != null && device.state() != DeviceState.IN_USE) {
        violations.add(Kind.RULE, here + ".device", "device " + what + " is not empty (" + device.signature() + ")",
            "wipe it first through an explicit, audited wipe, or choose an empty device");
      }
    }
  }

  private void checkDurability(PoolSpec pool, String at) {
    if (pool.members().isEmpty() || pool.allowDegradedDurability()) {
      return;
    }
    Durability durability = Durability.parse(pool.durability());
    int needed = durability.failureDomains();
    long zones = pool.members().stream().map(MemberSpec::zone).distinct().count();
    if (zones < needed) {
      violations.add(Kind.RULE, at + ".durability", "pool " + pool.name() + " defaults to " + pool.durability()
          + ", which needs " + needed + " members in distinct zones, but its " + pool.members().size()
          + " member(s) span " + zones + " zone(s)",
          "add members in other zones (a new pool can list all its members at once), choose a durability"
              + " they can hold, or set allowDegradedDurability: true");
    }
  }
}
