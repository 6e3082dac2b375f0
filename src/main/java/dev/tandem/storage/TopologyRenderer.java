package dev.tandem.storage;

import dev.tandem.inventory.PoolLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inventory as a Heketi topology file ({@code heketi-cli topology load --json=…}), one cluster
 * per pool, for people who prefer that path; Tandem itself reconciles explicitly.
 */
final class TopologyRenderer {

  static Map<String, Object> render(List<PoolLayout> pools) {
    return Map.of("clusters", pools.stream().map(TopologyRenderer::cluster).toList());
  }

  private static Map<String, Object> cluster(PoolLayout pool) {
    return Map.of("nodes", pool.members().stream().map(member -> {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("hostnames", Map.of("manage", List.of(member.ip()), "storage", List.of(member.ip())));
      node.put("zone", member.zone());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("node", node);
      entry.put("devices", pool.devices().stream().filter(d -> d.host().equals(member.host()))
          .map(d -> {
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("name", d.path());
            device.put("destroydata", false);
            return device;
          }).toList());
      return entry;
    }).toList());
  }

  private TopologyRenderer() {}
}
