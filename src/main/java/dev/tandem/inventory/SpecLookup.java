package dev.tandem.inventory;

import java.util.List;
import java.util.function.Predicate;

/**
 * Where in a spec the object an API path names sits: its index in its list, or -1 for the {@code
 * find} methods and a 404 ({@link InventoryException#notFound}) for the {@code require} ones.
 */
final class SpecLookup {

  static int findHost(PlatformSpec spec, String name) {
    return indexOf(spec.hosts(), h -> h.name().equals(name));
  }

  static int findPool(PlatformSpec spec, String name) {
    return indexOf(spec.pools(), p -> p.name().equals(name));
  }

  static int requireHost(PlatformSpec spec, String name) {
    return require(findHost(spec, name), "host", name);
  }

  static int requirePool(PlatformSpec spec, String name) {
    return require(findPool(spec, name), "pool", name);
  }

  static int requireInterface(HostSpec host, String name) {
    return require(indexOf(host.interfaces(), i -> i.name().equals(name)), "interface on " + host.name(), name);
  }

  static int requireMember(PoolSpec pool, String host) {
    return require(indexOf(pool.members(), m -> m.host().equals(host)), "member of pool " + pool.name() + " on host",
        host);
  }

  /** A device is addressed by its path without /dev/ (sdb), or by the last part of a longer path. */
  static int requireDevice(HostSpec host, String deviceName) {
    return require(indexOf(host.devices(), d -> matchesDevice(d.path(), deviceName)), "device on " + host.name(),
        deviceName);
  }

  static boolean matchesDevice(String path, String deviceName) {
    return path.equals("/dev/" + deviceName) || path.endsWith("/" + deviceName);
  }

  private static int require(int index, String what, String name) {
    if (index < 0) {
      throw InventoryException.notFound(what, name);
    }
    return index;
  }

  private static <T> int indexOf(List<T> list, Predicate<T> test) {
    for (int i = 0; i < list.size(); i++) {
      if (test.test(list.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private SpecLookup() {}
}
