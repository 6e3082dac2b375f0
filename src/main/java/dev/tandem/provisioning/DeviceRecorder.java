package dev.tandem.provisioning;

import dev.tandem.exec.CommandResult;
import dev.tandem.inventory.ApplyResult;
import dev.tandem.inventory.DeviceSpec;
import dev.tandem.inventory.DeviceState;
import dev.tandem.inventory.HostSpec;
import dev.tandem.inventory.InventoryEdits;
import dev.tandem.inventory.PlatformService;
import dev.tandem.inventory.PlatformService.Edited;
import dev.tandem.inventory.PlatformSpec;
import dev.tandem.inventory.PoolDeviceSpec;
import dev.tandem.inventory.PoolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts what lsblk found into the inventory: every disk with its size, WWN or serial, rotational flag
 * and signature (filesystem, partition table, partitions, mounts). A disk with a signature is not
 * empty; a pool's own disk with one is in use (its bricks), the others cannot be assigned until wiped.
 * Every change is an edit of the host's devices only, made under the platform lock on the host as it
 * is then, so a concurrent edit of the same host (labels, interfaces) is kept.
 */
@Component
class DeviceRecorder implements WipeGuard {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final PlatformService platform;

  DeviceRecorder(PlatformService platform) {
    this.platform = platform;
  }

  /** A summary of what changed, or "no change". */
  String record(String host, String lsblkJson) {
    List<JsonNode> disks = new ArrayList<>();
    for (JsonNode disk : JSON.readTree(lsblkJson).path("blockdevices")) {
      if ("disk".equals(disk.path("type").asString(""))) {
        disks.add(disk);
      }
    }
    ApplyResult result = platform.edit(current -> withDevices(current, host, discovered(current, host, disks)));
    return result.changes().isEmpty() ? "no change (" + disks.size() + " disks)" : disks.size() + " disks recorded";
  }

  /**
   * Holds the platform lock while it checks that no pool holds the device and that the host reports
   * the recorded stable id, runs the wipe, and records the device as free and empty, all in one
   * transaction: nothing can assign the device between the check and the wipe.
   */
  @Override
  public String wipe(String host, String device, Supplier<CommandResult> identify, Supplier<String> wipe) {
    platform.edit(current -> {
      HostSpec spec = InventoryEdits.host(current, host);
      DeviceSpec recorded = spec.devices().stream().filter(d -> d.path().equals(device)).findFirst()
          .orElseThrow(() -> new StepFailed(host + ": " + device + " is not in the inventory any more; nothing wiped"));
      for (PoolSpec pool : current.pools()) {
        if (pool.devices().contains(new PoolDeviceSpec(host, device))) {
          throw new StepFailed(host + ": " + device + " is assigned to pool " + pool.name() + "; a pool's device is"
              + " never wiped");
        }
      }
      CommandResult found = identify.get();
      String foundId = found.ok() ? firstStableId(found.stdout()) : null;
      if (recorded.stableId() == null || !recorded.stableId().equals(foundId)) {
        throw new StepFailed(host + ": refusing to wipe " + device + ": the inventory expects stable id "
            + (recorded.stableId() == null ? "(none recorded)" : recorded.stableId()) + ", the host reports "
            + (foundId != null ? foundId : found.ok() ? "(none)" : "(none: " + found.stderr().strip() + ")")
            + "; device names move across reboots: run discover-devices, check which disk " + device
            + " is now, and wipe it by the path that carries the recorded id");
      }
      wipe.get();
      List<DeviceSpec> after = spec.devices().stream()
          .map(d -> d.path().equals(device)
              ? new DeviceSpec(d.path(), d.stableId(), d.sizeBytes(), d.rotational(), DeviceState.FREE, null) : d)
          .toList();
      return withDevices(current, host, after);
    });
    return device + " is free and empty";
  }

  private static List<DeviceSpec> discovered(PlatformSpec current, String host, List<JsonNode> disks) {
    List<PoolDeviceSpec> assigned = new ArrayList<>();
    current.pools().forEach(p -> assigned.addAll(p.devices()));
    Map<String, DeviceSpec> devices = new LinkedHashMap<>();
    InventoryEdits.host(current, host).devices().forEach(d -> devices.put(d.path(), d));
    for (JsonNode disk : disks) {
      String path = disk.path("path").asString("/dev/" + disk.path("name").asString());
      String signature = signature(disk);
      boolean inPool = assigned.contains(new PoolDeviceSpec(host, path));
      DeviceSpec before = devices.get(path);
      DeviceState state = before == null ? DeviceState.DISCOVERED
          : inPool && signature != null ? DeviceState.IN_USE : before.state();
      devices.put(path, new DeviceSpec(path, stableId(disk), disk.path("size").asLong(), rotational(disk), state,
          signature));
    }
    return List.copyOf(devices.values());
  }

  /** The host as it is now, with these devices: its labels and interfaces untouched. */
  private static Edited withDevices(PlatformSpec current, String host, List<DeviceSpec> devices) {
    return InventoryEdits.replaceHost(host, InventoryEdits.host(current, host).withDevices(devices)).apply(current);
  }

  /** The stable id of the first device lsblk listed, or null. */
  private static String firstStableId(String lsblkJson) {
    JsonNode first = firstDevice(lsblkJson);
    return first == null ? null : stableId(first);
  }

  /** The first device lsblk listed (as JSON), or null. */
  static JsonNode firstDevice(String lsblkJson) {
    try {
      JsonNode first = JSON.readTree(lsblkJson).path("blockdevices").path(0);
      return first.isMissingNode() ? null : first;
    } catch (JacksonException e) {
      return null;
    }
  }

  /** WWN, else serial, as the inventory stores it. */
  static String stableId(JsonNode disk) {
    String id = text(disk, "wwn") != null ? text(disk, "wwn") : text(disk, "serial");
    return id == null ? null : id.replaceAll("[^A-Za-z0-9_.:+-]", "_");
  }

  static String signature(JsonNode disk) {
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
