package dev.tandem.inventory;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Every rule a platform spec must satisfy, checked on the whole desired platform at once: field
 * forms first (Bean Validation), then references, ownership conflicts and the platform rules.
 * Every write to the inventory passes through here, so a CRUD call and a whole spec obey the same
 * rules.
 */
@Component
public class PlatformRules {

  private final Validator validator;

  PlatformRules(Validator validator) {
    this.validator = validator;
  }

  /** All violations of the spec; empty when it may be applied. */
  public List<Violation> check(PlatformSpec spec) {
    List<Violation> form = checkForm(spec);
    if (!form.isEmpty()) {
      return form;
    }
    Check check = new Check(spec);
    check.run();
    return check.violations;
  }

  private List<Violation> checkForm(PlatformSpec spec) {
    List<Violation> out = new ArrayList<>();
    for (ConstraintViolation<PlatformSpec> v : validator.validate(spec)) {
      Object value = v.getInvalidValue();
      String shown = value instanceof String s && s.length() > 64 ? s.substring(0, 64) + "…" : String.valueOf(value);
      out.add(new Violation(Violation.Kind.INVALID, jsonPath(v.getPropertyPath().toString()),
          v.getMessage(), value == null ? "give a value" : "replace '" + shown + "'"));
    }
    out.sort(Comparator.comparing(Violation::field));
    return out;
  }

  /** Bean Validation paths use Java component names; the body uses JSON names. */
  static String jsonPath(String path) {
    String json = path.replaceAll("\\bhostInterface\\b", "interface").replaceAll("<[^>]*>", "");
    return json.endsWith(".") ? json.substring(0, json.length() - 1) : json;
  }

  private static IPAddress ip(String text) {
    return new IPAddressString(text).getAddress();
  }

  /** One run of the rules over one spec. */
  private static final class Check {
    private final PlatformSpec spec;
    private final List<Violation> violations = new ArrayList<>();
    private final Map<String, HostSpec> hosts = new HashMap<>();

    Check(PlatformSpec spec) {
      this.spec = spec;
    }

    void add(Violation.Kind kind, String field, String message, String fix) {
      violations.add(new Violation(kind, field, message, fix));
    }

    void run() {
      checkHosts();
      checkPools();
      checkAddresses();
      if (spec.heketi() != null && !hosts.containsKey(spec.heketi().host())) {
        add(Violation.Kind.REFERENCE, "heketi.host", "no host named '" + spec.heketi().host() + "'",
            "name one of the hosts: " + new java.util.TreeSet<>(hosts.keySet()));
      }
    }

    private void checkHosts() {
      for (int h = 0; h < spec.hosts().size(); h++) {
        HostSpec host = spec.hosts().get(h);
        String at = "hosts[" + h + "]";
        if (hosts.putIfAbsent(host.name(), host) != null) {
          add(Violation.Kind.RULE, at + ".name", "host '" + host.name() + "' is declared twice",
              "declare each host once");
        }
        if (host.address().matches("[0-9.]+") && ip(host.address()) == null) {
          add(Violation.Kind.INVALID, at + ".address", host.address() + " is neither an IPv4 address nor a DNS name",
              "write the address as four numbers 0-255, e.g. 192.168.99.128");
        }
        checkInterfaces(host, at);
        checkDevices(host, at);
      }
    }

    private void checkInterfaces(HostSpec host, String at) {
      Map<String, InterfaceSpec> byName = new HashMap<>();
      for (InterfaceSpec i : host.interfaces()) {
        byName.putIfAbsent(i.name(), i);
      }
      Set<String> seen = new HashSet<>();
      Map<String, String> vlanOnParent = new HashMap<>();
      for (int n = 0; n < host.interfaces().size(); n++) {
        InterfaceSpec i = host.interfaces().get(n);
        String here = at + ".interfaces[" + n + "]";
        String what = "interface " + i.name() + " on " + host.name();
        if (!seen.add(i.name())) {
          add(Violation.Kind.RULE, here + ".name", what + " is declared twice", "declare each interface once");
        }
        boolean vlan = i.kind() == InterfaceKind.VLAN;
        if (vlan && i.vlanId() == null) {
          add(Violation.Kind.RULE, here + ".vlanId", what + " is a VLAN without a VLAN id", "set vlanId (1-4094)");
        }
        if (!vlan && i.vlanId() != null) {
          add(Violation.Kind.RULE, here + ".vlanId", what + " is not a VLAN but has a VLAN id",
              "remove vlanId or set kind: vlan");
        }
        if (i.kind() == InterfaceKind.PHYSICAL) {
          if (i.parent() != null) {
            add(Violation.Kind.RULE, here + ".parent", what + " is physical and cannot have a parent",
                "remove parent, or set kind to vlan or macvlan-shim");
          }
          continue;
        }
        if (i.parent() == null) {
          add(Violation.Kind.RULE, here + ".parent", what + " needs the interface it sits on",
              "set parent, e.g. eth1");
          continue;
        }
        InterfaceSpec parent = byName.get(i.parent());
        if (parent == null) {
          add(Violation.Kind.REFERENCE, here + ".parent",
              "parent interface '" + i.parent() + "' of " + what + " does not exist",
              "declare " + i.parent() + " on " + host.name() + " or name an existing interface");
          continue;
        }
        if (vlan && parent.kind() != InterfaceKind.PHYSICAL) {
          add(Violation.Kind.RULE, here + ".parent", "VLAN " + what + " must sit on a physical interface, not "
              + parent.name(), "name a physical interface as parent");
        }
        if (i.kind() == InterfaceKind.MACVLAN_SHIM) {
          if (parent.kind() == InterfaceKind.MACVLAN_SHIM) {
            add(Violation.Kind.RULE, here + ".parent", "macvlan shim " + what + " cannot sit on another shim",
                "name the pool's physical or VLAN interface as parent");
          }
          if (i.address() == null) {
            add(Violation.Kind.RULE, here + ".address", "macvlan shim " + what + " needs an address",
                "give it an address in its pool subnet, e.g. 192.168.99.228/24");
          }
        }
        if (vlan && i.vlanId() != null) {
          String other = vlanOnParent.putIfAbsent(i.parent() + "." + i.vlanId(), i.name());
          if (other != null) {
            add(Violation.Kind.RULE, here + ".vlanId", "VLAN id " + i.vlanId() + " is used twice on "
                + i.parent() + " of " + host.name() + " (also by " + other + ")", "use each VLAN id once per parent");
          }
        }
      }
    }

    private void checkDevices(HostSpec host, String at) {
      Set<String> paths = new HashSet<>();
      Map<String, String> stableIds = new HashMap<>();
      for (int d = 0; d < host.devices().size(); d++) {
        DeviceSpec device = host.devices().get(d);
        String here = at + ".devices[" + d + "]";
        if (!paths.add(device.path())) {
          add(Violation.Kind.RULE, here + ".path", "device " + device.path() + " on " + host.name()
              + " is declared twice", "declare each device once");
        }
        if (device.stableId() != null) {
          String other = stableIds.putIfAbsent(device.stableId(), device.path());
          if (other != null) {
            add(Violation.Kind.RULE, here + ".stableId", "stable id " + device.stableId() + " on "
                + host.name() + " is also given to " + other, "give each device its own stable id");
          }
        }
      }
    }

    private void checkPools() {
      Set<String> names = new HashSet<>();
      Map<String, String> networks = new HashMap<>();
      Map<String, String> containers = new HashMap<>();
      Map<String, String> parents = new HashMap<>();
      Map<String, String> deviceOwner = new HashMap<>();
      for (int p = 0; p < spec.pools().size(); p++) {
        PoolSpec pool = spec.pools().get(p);
        String at = "pools[" + p + "]";
        if (!names.add(pool.name())) {
          add(Violation.Kind.RULE, at + ".name", "pool '" + pool.name() + "' is declared twice", "declare each pool once");
        }
        String net = networks.putIfAbsent(pool.dockerNetwork(), pool.name());
        if (net != null) {
          add(Violation.Kind.RULE, at + ".dockerNetwork", "docker network " + pool.dockerNetwork()
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
        PoolSpec other = spec.pools().get(q);
        IPAddress theirs = ip(other.subnet());
        if (subnet.getIPVersion() == theirs.getIPVersion()
            && (subnet.contains(theirs.getLower()) || theirs.contains(subnet.getLower()))) {
          add(Violation.Kind.RULE, at + ".subnet", "subnet " + pool.subnet() + " of pool " + pool.name()
              + " overlaps " + other.subnet() + " of pool " + other.name(), "give each pool its own subnet");
        }
      }
      if (pool.gateway() != null && !contains(subnet, ip(pool.gateway()))) {
        add(Violation.Kind.RULE, at + ".gateway", "gateway " + pool.gateway() + " is outside subnet " + pool.subnet(),
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
          add(Violation.Kind.REFERENCE, here + ".host", "no host named '" + member.host() + "'",
              "declare the host first (POST /api/v1/hosts) or name an existing one");
          continue;
        }
        if (!memberHosts.add(member.host())) {
          add(Violation.Kind.RULE, here + ".host", "pool " + pool.name() + " has two members on " + member.host(),
              "run one container per pool per host");
        }
        String other = containers.putIfAbsent(member.host() + "/" + member.container(), pool.name());
        if (other != null) {
          add(Violation.Kind.RULE, here + ".container", "container name " + member.container() + " is already used on "
              + member.host() + " by pool " + other, "choose another container name, e.g. " + pool.name() + "-" + (m + 1));
        }
        checkMemberInterface(pool, member, host, here, parents);
        IPAddress address = ip(member.ip());
        if (!contains(subnet, address)) {
          add(Violation.Kind.RULE, here + ".ip", "container IP " + member.ip() + " is outside subnet " + pool.subnet()
              + " of pool " + pool.name(), "choose an address inside " + pool.subnet());
        } else if (subnet.isIPv4() && subnet.getNetworkPrefixLength() != null && subnet.getNetworkPrefixLength() <= 30
            && (address.equals(subnet.getLower().withoutPrefixLength())
                || address.equals(subnet.getUpper().withoutPrefixLength()))) {
          add(Violation.Kind.RULE, here + ".ip", member.ip() + " is the network or broadcast address of " + pool.subnet(),
              "choose a host address inside " + pool.subnet());
        }
        if (pool.gateway() != null && address.equals(ip(pool.gateway()))) {
          add(Violation.Kind.RULE, here + ".ip", member.ip() + " is the gateway of pool " + pool.name(),
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
        add(Violation.Kind.REFERENCE, field, "host " + host.name() + " has no interface " + name
            + " for pool " + pool.name(), "declare " + name + " on " + host.name() + " or set the member's interface");
        return;
      }
      if (iface.kind() == InterfaceKind.MACVLAN_SHIM) {
        add(Violation.Kind.RULE, field, "pool " + pool.name() + " cannot sit on macvlan shim " + name + " of "
            + host.name(), "name the physical or VLAN interface the shim sits on");
        return;
      }
      String other = parents.putIfAbsent(host.name() + "/" + name, pool.name());
      if (other != null && !other.equals(pool.name())) {
        add(Violation.Kind.RULE, field, "interface " + name + " of " + host.name() + " already carries pool " + other
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
          add(Violation.Kind.REFERENCE, here + ".host", "no host named '" + assignment.host() + "'",
              "name an existing host");
          continue;
        }
        DeviceSpec device = host.devices().stream().filter(x -> x.path().equals(assignment.device())).findFirst()
            .orElse(null);
        String what = assignment.device() + " on " + assignment.host();
        if (device == null) {
          add(Violation.Kind.REFERENCE, here + ".device", "host " + assignment.host() + " has no device "
              + assignment.device(), "declare the device on the host first (POST /api/v1/hosts/" + assignment.host()
              + "/devices) or run device discovery");
          continue;
        }
        String owner = deviceOwner.putIfAbsent(assignment.host() + ":" + assignment.device(), pool.name());
        if (owner != null) {
          add(owner.equals(pool.name()) ? Violation.Kind.RULE : Violation.Kind.CONFLICT, here + ".device",
              "device " + what + " is already assigned to pool " + owner,
              owner.equals(pool.name()) ? "list each device once"
                  : "release it from " + owner + " first (DELETE /api/v1/pools/" + owner + "/devices/"
                      + assignment.host() + "/" + Names.deviceName(assignment.device()) + ") or choose another device");
          continue;
        }
        if (!memberHosts.contains(assignment.host())) {
          add(Violation.Kind.RULE, here + ".host", "pool " + pool.name() + " has no container on " + assignment.host()
              + " to use " + assignment.device(), "add a member on " + assignment.host() + " to pool " + pool.name()
              + " first");
        }
        if (device.state() == DeviceState.FAILED) {
          add(Violation.Kind.RULE, here + ".device", "device " + what + " is marked failed",
              "choose another device, or mark it free once replaced");
        }
        if (device.signature() != null && device.state() != DeviceState.IN_USE) {
          add(Violation.Kind.RULE, here + ".device", "device " + what + " is not empty (" + device.signature() + ")",
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
        add(Violation.Kind.RULE, at + ".durability", "pool " + pool.name() + " defaults to " + pool.durability()
            + ", which needs " + needed + " members in distinct zones, but its " + pool.members().size()
            + " member(s) span " + zones + " zone(s)",
            "add members in other zones (a new pool can list all its members at once), choose a durability"
                + " they can hold, or set allowDegradedDurability: true");
      }
    }

    /** No address may be used twice anywhere on the platform: interfaces, shims, containers. */
    private void checkAddresses() {
      Map<IPAddress, String> owners = new HashMap<>();
      for (int h = 0; h < spec.hosts().size(); h++) {
        HostSpec host = spec.hosts().get(h);
        for (int n = 0; n < host.interfaces().size(); n++) {
          InterfaceSpec i = host.interfaces().get(n);
          if (i.address() != null) {
            String what = (i.kind() == InterfaceKind.MACVLAN_SHIM ? "host shim " : "interface ") + i.name() + " of "
                + host.name();
            claim(owners, ip(i.address()).withoutPrefixLength(), what, "hosts[" + h + "].interfaces[" + n + "].address");
          }
        }
      }
      for (int p = 0; p < spec.pools().size(); p++) {
        PoolSpec pool = spec.pools().get(p);
        for (int m = 0; m < pool.members().size(); m++) {
          MemberSpec member = pool.members().get(m);
          claim(owners, ip(member.ip()), "container " + member.container() + " of pool " + pool.name(),
              "pools[" + p + "].members[" + m + "].ip");
        }
      }
    }

    private void claim(Map<IPAddress, String> owners, IPAddress address, String what, String field) {
      String owner = owners.putIfAbsent(address, what);
      if (owner != null) {
        add(Violation.Kind.RULE, field, address + " of " + what + " is already the address of " + owner,
            "give every interface, shim and container its own address");
      }
    }

    private static boolean contains(IPAddress subnet, IPAddress address) {
      return subnet.getIPVersion() == address.getIPVersion() && subnet.contains(address);
    }
  }
}
