package dev.tandem.inventory;

import dev.tandem.inventory.Violation.Kind;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.HashMap;
import java.util.Map;

/**
 * The platform's address rule, part of {@link PlatformRules}: no address is used twice anywhere on
 * the platform, by interfaces, shims or containers. Also the parsing the host and pool rules share.
 */
final class AddressRules {

  private final Violations violations;

  AddressRules(Violations violations) {
    this.violations = violations;
  }

  void check(PlatformSpec spec) {
    Map<IPAddress, String> owners = new HashMap<>();
    for (int h = 0; h < spec.hosts().size(); h++) {
      HostSpec host = spec.hosts().get(h);
      for (int n = 0; n < host.interfaces().size(); n++) {
        InterfaceSpec i = host.interfaces().get(n);
        if (i.address() != null) {
          String what = (i.kind() == InterfaceKind.MACVLAN_SHIM ? "host shim " : "interface ") + i.name() + " of "
              + host.name();
          claim(owners, ip(i.address()).withoutPrefixLength(), what,
              "hosts[" + h + "].interfaces[" + n + "].address");
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
      violations.add(Kind.RULE, field, address + " of " + what + " is already the address of " + owner,
          "give every interface, shim and container its own address");
    }
  }

  static boolean contains(IPAddress subnet, IPAddress address) {
    return subnet.getIPVersion() == address.getIPVersion() && subnet.contains(address);
  }

  /** The IP address (or subnet) a text holds, or null when it holds none. */
  static IPAddress ip(String text) {
    return new IPAddressString(text).getAddress();
  }

}
