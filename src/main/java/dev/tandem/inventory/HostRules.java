package dev.tandem.inventory;

import dev.tandem.inventory.Violation.Kind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of each host on its own, part of {@link PlatformRules}: a host, an interface and a
 * device are declared once; an interface's kind fits its parent and VLAN id; a VLAN id is used once
 * per parent; a stable device id belongs to one device.
 */
final class HostRules {

  private final Violations violations;

  HostRules(Violations violations) {
    this.violations = violations;
  }

  /** Checks every host; answers them by name (the first of a name declared twice). */
  Map<String, HostSpec> check(List<HostSpec> declared) {
    Map<String, HostSpec> hosts = new HashMap<>();
    for (int h = 0; h < declared.size(); h++) {
      HostSpec host = declared.get(h);
      String at = "hosts[" + h + "]";
      if (hosts.putIfAbsent(host.name(), host) != null) {
        violations.add(Kind.RULE, at + ".name", "host '" + host.name() + "' is declared twice",
            "declare each host once");
      }
      if (host.address().matches("[0-9.]+") && AddressRules.ip(host.address()) == null) {
        violations.add(Kind.INVALID, at + ".address", host.address() + " is neither an IPv4 address nor a DNS name",
            "write the address as four numbers 0-255, e.g. 192.168.99.128");
      }
      checkInterfaces(host, at);
      checkDevices(host, at);
    }
    return hosts;
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
        violations.add(Kind.RULE, here + ".name", what + " is declared twice", "declare each interface once");
      }
      boolean vlan = i.kind() == InterfaceKind.VLAN;
      if (vlan && i.vlanId() == null) {
        violations.add(Kind.RULE, here + ".vlanId", what + " is a VLAN without a VLAN id", "set vlanId (1-4094)");
      }
      if (!vlan && i.vlanId() != null) {
        violations.add(Kind.RULE, here + ".vlanId", what + " is not a VLAN but has a VLAN id",
            "remove vlanId or set kind: vlan");
      }
      if (i.kind() == InterfaceKind.PHYSICAL) {
        if (i.parent() != null) {
          violations.add(Kind.RULE, here + ".parent", what + " is physical and cannot have a parent",
              "remove parent, or set kind to vlan or macvlan-shim");
        }
        continue;
      }
      if (i.parent() == null) {
        violations.add(Kind.RULE, here + ".parent", what + " needs the interface it sits on",
            "set parent, e.g. eth1");
        continue;
      }
      InterfaceSpec parent = byName.get(i.parent());
      if (parent == null) {
        violations.add(Kind.REFERENCE, here + ".parent",
            "parent interface '" + i.parent() + "' of " + what + " does not exist",
            "declare " + i.parent() + " on " + host.name() + " or name an existing interface");
        continue;
      }
      if (vlan && parent.kind() != InterfaceKind.PHYSICAL) {
        violations.add(Kind.RULE, here + ".parent", "VLAN " + what + " must sit on a physical interface, not "
            + parent.name(), "name a physical interface as parent");
      }
      if (i.kind() == InterfaceKind.MACVLAN_SHIM) {
        if (parent.kind() == InterfaceKind.MACVLAN_SHIM) {
          violations.add(Kind.RULE, here + ".parent", "macvlan shim " + what + " cannot sit on another shim",
              "name the pool's physical or VLAN interface as parent");
        }
        if (i.address() == null) {
          violations.add(Kind.RULE, here + ".address", "macvlan shim " + what + " needs an address",
              "give it an address in its pool subnet, e.g. 192.168.99.228/24");
        }
      }
      if (vlan && i.vlanId() != null) {
        String other = vlanOnParent.putIfAbsent(i.parent() + "." + i.vlanId(), i.name());
        if (other != null) {
          violations.add(Kind.RULE, here + ".vlanId", "VLAN id " + i.vlanId() + " is used twice on "
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
        violations.add(Kind.RULE, here + ".path", "device " + device.path() + " on " + host.name()
            + " is declared twice", "declare each device once");
      }
      if (device.stableId() != null) {
        String other = stableIds.putIfAbsent(device.stableId(), device.path());
        if (other != null) {
          violations.add(Kind.RULE, here + ".stableId", "stable id " + device.stableId() + " on "
              + host.name() + " is also given to " + other, "give each device its own stable id");
        }
      }
    }
  }
}
