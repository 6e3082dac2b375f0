package dev.tandem.provisioning;

import dev.tandem.inventory.DeviceSpec;
import dev.tandem.inventory.DeviceState;
import dev.tandem.inventory.HostSpec;
import dev.tandem.inventory.InventoryEdits;
import dev.tandem.inventory.PlatformService;
import dev.tandem.inventory.PoolDeviceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts what lsblk found into the inventory: every disk with its size, WWN or serial, rotational flag
 * and signature (filesystem, partition table, partitions, mounts). A disk with a signature is not
 * empty; a pool's own disk with one is in use (its bricks), the others cannot be assigned until wiped.
 */
@Component
class DeviceRecorder {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final PlatformService platform;

  DeviceRecorder(PlatformService platform) {
    this.platform = platform;
  }

  /** A summary of what changed, or "no change". */
  String record(String host, String lsblkJson) {
    JsonNode root = JSON.readTree(lsblkJson);
    HostSpec current = InventoryEdits.host(platform.export(), host);
    List<PoolDeviceSpec> assigned = new ArrayList<>();
    platform.export().pools().forEach(p -> assigned.addAll(p.devices()));
    Map<String, DeviceSpec> devices = new LinkedHashMap<>();
    current.devices().forEach(d -> devices.put(d.path(), d));
    int found = 0;
    for (JsonNode disk : root.path("blockdevices")) {
      if (!"disk".equals(disk.path("type").asString(""))) {
        continue;
      }
      found++;
      String path = disk.path("path").asString("/dev/" + disk.path("name").asString());
      String signature = signature(disk);
      boolean inPool = assigned.contains(new PoolDeviceSpec(host, path));
      DeviceSpec before = devices.get(path);
      DeviceState state = before == null ? DeviceState.DISCOVERED
          : inPool && signature != null ? DeviceState.IN_USE : before.state();
      String stableId = text(disk, "wwn") != null ? text(disk, "wwn") : text(disk, "serial");
      devices.put(path, new DeviceSpec(path, stableId == null ? null : stableId.replaceAll("[^A-Za-z0-9_.:+-]", "_"),
          disk.path("size").asLong(), rotational(disk), state, signature));
    }
    List<DeviceSpec> after = List.copyOf(devices.values());
    if (after.equals(current.devices())) {
      return "no change (" + found + " disks)";
    }
    platform.edit(InventoryEdits.replaceHost(host, current.withDevices(after)));
    return found + " disks recorded";
  }

  /** After a wipe: the device is free and has no signature. */
  String wiped(String host, String path) {
    HostSpec current = InventoryEdits.host(platform.export(), host);
    List<DeviceSpec> after = current.devices().stream()
        .map(d -> d.path().equals(path)
            ? new DeviceSpec(d.path(), d.stableId(), d.sizeBytes(), d.rotational(), DeviceState.FREE, null) : d)
        .toList();
    if (after.equals(current.devices())) {
      return "no change";
    }
    platform.edit(InventoryEdits.replaceHost(host, current.withDevices(after)));
    return path + " is free and empty";
  }

  private static String signature(JsonNode disk) {
    List<String> found = new ArrayList<>();
    if (text(disk, "fstype") != null) {
      found.add(text(disk, "fstype"));
    }
    if (text(disk, "pttype") != null) {
      found.add("partition table " + text(disk, "pttype"));
    }
    if (disk.path("children").size() > 0) {
      found.add(disk.path("children").size() + " partitions");
    }
    if (text(disk, "mountpoint") != null) {
      found.add("mounted at " + text(disk, "mountpoint"));
    }
    String text = String.join(", ", found).replaceAll("[^A-Za-z0-9 _.,:=/+()-]", "_");
    return found.isEmpty() ? null : text.length() > 255 ? text.substring(0, 255) : text;
  }

  private static Boolean rotational(JsonNode disk) {
    JsonNode rota = disk.path("rota");
    return rota.isBoolean() ? rota.asBoolean() : rota.isMissingNode() || rota.isNull() ? null : "1".equals(rota.asString());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isNull() || value.isMissingNode() || value.asString("").isBlank() ? null : value.asString();
  }
}
