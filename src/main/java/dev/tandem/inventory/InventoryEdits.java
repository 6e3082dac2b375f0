package dev.tandem.inventory;

import static dev.tandem.inventory.Lists.append;
import static dev.tandem.inventory.Lists.set;
import static dev.tandem.inventory.Lists.without;
import static dev.tandem.inventory.SpecLookup.findHost;
import static dev.tandem.inventory.SpecLookup.findPool;
import static dev.tandem.inventory.SpecLookup.matchesDevice;
import static dev.tandem.inventory.SpecLookup.requireDevice;
import static dev.tandem.inventory.SpecLookup.requireHost;
import static dev.tandem.inventory.SpecLookup.requireInterface;
import static dev.tandem.inventory.SpecLookup.requireMember;
import static dev.tandem.inventory.SpecLookup.requirePool;

import dev.tandem.inventory.PlatformService.Edit;
import dev.tandem.inventory.PlatformService.Edited;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The CRUD calls of the API as edits of the whole spec. Each finds what the path names (404 when it
 * names nothing), refuses what would leave dangling references (409, or a cascade when asked), and
 * says where the caller's object landed so violations name the caller's own fields.
 */
public final class InventoryEdits {

  // ---- hosts ----

  public static Edit createHost(HostSpec host) {
    return current -> {
      if (findHost(current, host.name()) >= 0) {
        throw conflict("name", "host " + host.name() + " already exists", "PUT /api/v1/hosts/" + host.name()
            + " to change it");
      }
      List<HostSpec> hosts = append(current.hosts(), host);
      return new Edited(current.withHosts(hosts), "hosts[" + (hosts.size() - 1) + "]");
    };
  }

  public static Edit replaceHost(String name, HostSpec host) {
    return current -> {
      int h = requireHost(current, name);
      sameName("name", name, host.name());
      return new Edited(current.withHosts(set(current.hosts(), h, host)), "hosts[" + h + "]");
    };
  }

  public static Edit deleteHost(String name, boolean cascade) {
    return current -> {
      requireHost(current, name);
      List<String> users = current.pools().stream()
          .filter(p -> p.members().stream().anyMatch(m -> m.host().equals(name))
              || p.devices().stream().anyMatch(d -> d.host().equals(name)))
          .map(PoolSpec::name).toList();
      boolean heketi = current.heketi() != null && current.heketi().host().equals(name);
      if (!cascade && (!users.isEmpty() || heketi)) {
        throw conflict("", "host " + name + " still serves " + (users.isEmpty() ? "" : "pools " + users)
            + (heketi ? (users.isEmpty() ? "" : " and ") + "the Heketi server" : ""),
            "remove its pool members first, or repeat with ?cascade=true to remove them with the host");
      }
      List<PoolSpec> pools = current.pools().stream()
          .map(p -> p.withMembers(without(p.members(), m -> m.host().equals(name)))
              .withDevices(without(p.devices(), d -> d.host().equals(name))))
          .toList();
      return new Edited(new PlatformSpec(without(current.hosts(), x -> x.name().equals(name)), pools,
          heketi ? null : current.heketi()), null);
    };
  }

  // ---- interfaces ----

  public static Edit createInterface(String hostName, InterfaceSpec iface) {
    return editHost(hostName, host -> {
      if (host.interfaces().stream().anyMatch(i -> i.name().equals(iface.name()))) {
        throw conflict("name", "host " + hostName + " already has interface " + iface.name(),
            "PUT /api/v1/hosts/" + hostName + "/interfaces/" + iface.name() + " to change it");
      }
      return host.withInterfaces(append(host.interfaces(), iface));
    }, host -> "interfaces[" + (host.interfaces().size() - 1) + "]");
  }

  public static Edit replaceInterface(String hostName, String name, InterfaceSpec iface) {
    return editHost(hostName, host -> {
      int i = requireInterface(host, name);
      sameName("name", name, iface.name());
      return host.withInterfaces(set(host.interfaces(), i, iface));
    }, host -> "interfaces[" + requireInterface(host, name) + "]");
  }

  public static Edit deleteInterface(String hostName, String name) {
    return current -> {
      HostSpec host = current.hosts().get(requireHost(current, hostName));
      requireInterface(host, name);
      List<String> users = new ArrayList<>();
      host.interfaces().stream().filter(i -> name.equals(i.parent())).forEach(i -> users.add("interface " + i.name()));
      current.pools().stream()
          .filter(p -> p.members().stream().anyMatch(m -> m.host().equals(hostName)
              && name.equals(m.hostInterface() != null ? m.hostInterface() : p.hostInterface())))
          .forEach(p -> users.add("pool " + p.name()));
      if (!users.isEmpty()) {
        throw conflict("", "interface " + name + " of " + hostName + " is used by " + String.join(", ", users),
            "remove or move those first");
      }
      return editHost(hostName, h -> h.withInterfaces(without(h.interfaces(), i -> i.name().equals(name))), h -> null)
          .apply(current);
    };
  }

  // ---- host devices ----

  public static Edit createDevice(String hostName, DeviceSpec device) {
    return editHost(hostName, host -> {
      if (host.devices().stream().anyMatch(d -> d.path().equals(device.path()))) {
        throw conflict("path", "host " + hostName + " already has device " + device.path(),
            "PUT /api/v1/hosts/" + hostName + "/devices/" + Names.deviceName(device.path()) + " to change it");
      }
      return host.withDevices(append(host.devices(), device));
    }, host -> "devices[" + (host.devices().size() - 1) + "]");
  }

  public static Edit replaceDevice(String hostName, String deviceName, DeviceSpec device) {
    return editHost(hostName, host -> {
      int d = requireDevice(host, deviceName);
      sameName("path", host.devices().get(d).path(), device.path());
      return host.withDevices(set(host.devices(), d, device));
    }, host -> "devices[" + requireDevice(host, deviceName) + "]");
  }

  public static Edit deleteDevice(String hostName, String deviceName) {
    return current -> {
      HostSpec host = current.hosts().get(requireHost(current, hostName));
      String path = host.devices().get(requireDevice(host, deviceName)).path();
      for (PoolSpec pool : current.pools()) {
        if (pool.devices().contains(new PoolDeviceSpec(hostName, path))) {
          throw conflict("", "device " + path + " of " + hostName + " is assigned to pool " + pool.name(),
              "release it first: DELETE /api/v1/pools/" + pool.name() + "/devices/" + hostName + "/"
                  + Names.deviceName(path));
        }
      }
      return editHost(hostName, h -> h.withDevices(without(h.devices(), d -> d.path().equals(path))), h -> null)
          .apply(current);
    };
  }

  // ---- pools ----

  public static Edit createPool(PoolSpec pool) {
    return current -> {
      if (findPool(current, pool.name()) >= 0) {
        throw conflict("name", "pool " + pool.name() + " already exists", "PUT /api/v1/pools/" + pool.name()
            + " to change it");
      }
      List<PoolSpec> pools = append(current.pools(), pool);
      return new Edited(current.withPools(pools), "pools[" + (pools.size() - 1) + "]");
    };
  }

  public static Edit replacePool(String name, PoolSpec pool) {
    return current -> {
      int p = requirePool(current, name);
      sameName("name", name, pool.name());
      return new Edited(current.withPools(set(current.pools(), p, pool)), "pools[" + p + "]");
    };
  }

  public static Edit deletePool(String name, boolean cascade) {
    return current -> {
      PoolSpec pool = current.pools().get(requirePool(current, name));
      if (!cascade && (!pool.members().isEmpty() || !pool.devices().isEmpty())) {
        throw conflict("", "pool " + name + " still has " + pool.members().size() + " member(s) and "
            + pool.devices().size() + " device(s)", "remove them first, or repeat with ?cascade=true");
      }
      return new Edited(current.withPools(without(current.pools(), p -> p.name().equals(name))), null);
    };
  }

  // ---- pool members ----

  public static Edit createMember(String poolName, MemberSpec member) {
    return editPool(poolName, pool -> {
      if (pool.members().stream().anyMatch(m -> m.host().equals(member.host()))) {
        throw conflict("host", "pool " + poolName + " already has a member on " + member.host(),
            "PUT /api/v1/pools/" + poolName + "/members/" + member.host() + " to change it");
      }
      return pool.withMembers(append(pool.members(), member));
    }, pool -> "members[" + (pool.members().size() - 1) + "]");
  }

  public static Edit replaceMember(String poolName, String hostName, MemberSpec member) {
    return editPool(poolName, pool -> {
      int m = requireMember(pool, hostName);
      sameName("host", hostName, member.host());
      return pool.withMembers(set(pool.members(), m, member));
    }, pool -> "members[" + requireMember(pool, hostName) + "]");
  }

  public static Edit deleteMember(String poolName, String hostName, boolean cascade) {
    return editPool(poolName, pool -> {
      requireMember(pool, hostName);
      boolean hasDevices = pool.devices().stream().anyMatch(d -> d.host().equals(hostName));
      if (hasDevices && !cascade) {
        throw conflict("", "pool " + poolName + " still uses devices of " + hostName,
            "release them first, or repeat with ?cascade=true");
      }
      return pool.withMembers(without(pool.members(), m -> m.host().equals(hostName)))
          .withDevices(without(pool.devices(), d -> d.host().equals(hostName)));
    }, pool -> null);
  }

  // ---- device assignments ----

  public static Edit assignDevice(String poolName, PoolDeviceSpec assignment) {
    return current -> {
      requirePool(current, poolName);
      for (PoolSpec other : current.pools()) {
        if (other.devices().contains(assignment)) {
          throw conflict("device", "device " + assignment.device() + " of " + assignment.host()
              + " is already assigned to pool " + other.name(), other.name().equals(poolName)
              ? "nothing to do" : "release it from " + other.name() + " first (DELETE /api/v1/pools/" + other.name()
                  + "/devices/" + assignment.host() + "/" + Names.deviceName(assignment.device())
                  + ") or choose another device");
        }
      }
      return editPool(poolName, pool -> pool.withDevices(append(pool.devices(), assignment)),
          pool -> "devices[" + (pool.devices().size() - 1) + "]").apply(current);
    };
  }

  public static Edit releaseDevice(String poolName, String hostName, String deviceName) {
    return editPool(poolName, pool -> {
      List<PoolDeviceSpec> kept = without(pool.devices(),
          d -> d.host().equals(hostName) && matchesDevice(d.device(), deviceName));
      if (kept.size() == pool.devices().size()) {
        throw InventoryException.notFound("device of pool " + poolName + " on " + hostName, deviceName);
      }
      return pool.withDevices(kept);
    }, pool -> null);
  }

  // ---- lookups, used by the controllers' GETs too ----

  public static HostSpec host(PlatformSpec spec, String name) {
    return spec.hosts().get(requireHost(spec, name));
  }

  public static PoolSpec pool(PlatformSpec spec, String name) {
    return spec.pools().get(requirePool(spec, name));
  }

  public static InterfaceSpec hostInterface(PlatformSpec spec, String hostName, String name) {
    HostSpec host = host(spec, hostName);
    return host.interfaces().get(requireInterface(host, name));
  }

  public static DeviceSpec device(PlatformSpec spec, String hostName, String deviceName) {
    HostSpec host = host(spec, hostName);
    return host.devices().get(requireDevice(host, deviceName));
  }

  public static MemberSpec member(PlatformSpec spec, String poolName, String hostName) {
    PoolSpec pool = pool(spec, poolName);
    return pool.members().get(requireMember(pool, hostName));
  }

  // ---- helpers ----

  private static Edit editHost(String hostName, UnaryOperator<HostSpec> change, Function<HostSpec, String> focus) {
    return current -> {
      int h = requireHost(current, hostName);
      HostSpec changed = change.apply(current.hosts().get(h));
      String inner = focus.apply(changed);
      return new Edited(current.withHosts(set(current.hosts(), h, changed)),
          inner == null ? null : "hosts[" + h + "]." + inner);
    };
  }

  private static Edit editPool(String poolName, UnaryOperator<PoolSpec> change, Function<PoolSpec, String> focus) {
    return current -> {
      int p = requirePool(current, poolName);
      PoolSpec changed = change.apply(current.pools().get(p));
      String inner = focus.apply(changed);
      return new Edited(current.withPools(set(current.pools(), p, changed)),
          inner == null ? null : "pools[" + p + "]." + inner);
    };
  }

  private static void sameName(String field, String inPath, String inBody) {
    if (!Objects.equals(inPath, inBody)) {
      throw InventoryException.of(Violation.Kind.INVALID, field, "the body says '" + inBody + "' but the path says '"
          + inPath + "'", "renaming is not supported: make them equal, or delete and create");
    }
  }

  private static InventoryException conflict(String field, String message, String fix) {
    return InventoryException.of(Violation.Kind.CONFLICT, field, message, fix);
  }

  private InventoryEdits() {}
}
