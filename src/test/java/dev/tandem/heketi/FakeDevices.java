package dev.tandem.heketi;

import static dev.tandem.heketi.FakeHeketiCore.NODES;

import dev.tandem.heketi.FakeHeketiQueue.Kind;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stand-in Heketi's device states and deletion (v10.4.1, nodes-devices.json): a state change or
 * deletion it accepts is queued (202, then 204, or 500 with Heketi's text). Online and offline switch freely;
 * failed ({@code heketi-cli device remove}) needs an offline device and first moves its bricks; a
 * device is deleted only once failed, else 400 "is not in failed state". Where the transcripts are
 * silent (their mock executor could not move bricks: 500 "Id not found"), Heketi's source gives the
 * texts: "Device must be offline before remove operation is performed", "Cannot move a
 * failed/removed device to online state", and, when a brick finds no place, "No Replacement was found
 * for resource requested to be removed", the device staying offline. Placement is simplified: a brick
 * moves to another online device of the same node with room for it. On request, moving bricks fails
 * as the recorded server's did ({@link FakeHeketi#evictionFailsAsRecorded}).
 */
final class FakeDevices {

  private static final Set<String> STATES = Set.of("online", "offline", "failed");
  private static final String EVICTION_FAILED = "device state failed (\"device remove\": heketi tries to move the"
      + " bricks off the device): poll 2";

  static HeketiAnswer setState(FakeHeketiCore heketi, String id, JsonNode req) {
    if (req == null || !req.path("state").isString()) {
      return HeketiAnswer.recorded("errors.json", "volume create malformed JSON");
    }
    String wanted = req.get("state").asString();
    if (!STATES.contains(wanted)) {
      return HeketiAnswer.text(400, HeketiAnswer.recordedBody("errors.json", "node state invalid value")
          .replace("broken", wanted));
    }
    ObjectNode device = heketi.devices.get(id);
    if (device == null) {
      return HeketiAnswer.recorded("errors.json", "device info unknown id");
    }
    String state = device.get("state").asString();
    String refusal = null;
    if (heketi.evicting.contains(id) && wanted.equals("failed")) {
      return HeketiAnswer.text(500, "The target exists, contains other items, or is in use.\n");
    } else if (state.equals("online") && wanted.equals("failed")) {
      refusal = "Device must be offline before remove operation is performed, device:" + id + "\n";
    } else if (state.equals("failed") && wanted.equals("online")) {
      refusal = "Cannot move a failed/removed device to online state\n";
    } else if (state.equals("offline") && wanted.equals("failed") && heketi.evictionFailsAsRecorded
        && !device.get("bricks").isEmpty()) {
      return heketi.queued(Kind.DEVICE_STATE, HeketiAnswer.recorded("nodes-devices.json", EVICTION_FAILED));
    } else if (state.equals("offline") && wanted.equals("failed") && !evict(heketi, device)) {
      refusal = "No Replacement was found for resource requested to be removed\n";
    } else if (!state.equals("failed")) {
      device.put("state", wanted);
    }
    return heketi.queued(Kind.DEVICE_STATE, refusal == null ? HeketiAnswer.noContent() : HeketiAnswer.text(500, refusal));
  }

  static HeketiAnswer delete(FakeHeketiCore heketi, String id) {
    ObjectNode device = heketi.devices.get(id);
    if (device == null) {
      return HeketiAnswer.recorded("errors.json", "device info unknown id");
    }
    if (!device.get("state").asString().equals("failed")) {
      return HeketiAnswer.text(400, HeketiAnswer.recordedBody("errors.json", "device delete while online")
          .replace("70216fc357838750cdbdd9572dba481a", id));
    }
    heketi.devices.remove(id);
    ArrayNode onNode = (ArrayNode) nodeOf(heketi, id).get("devices");
    for (int i = 0; i < onNode.size(); i++) {
      if (onNode.get(i).get("id").asString().equals(id)) {
        onNode.remove(i);
        break;
      }
    }
    return heketi.queued(Kind.DEVICE_DELETE, HeketiAnswer.noContent());
  }

  /** Puts a brick of {@code sizeKiB} on the device, in the recorded shape; answers its id. */
  static String brick(FakeHeketiCore heketi, String deviceId, long sizeKiB) {
    ObjectNode device = heketi.devices.get(deviceId);
    String id = FakeHeketiCore.newId();
    ObjectNode brick = NODES.objectNode().put("id", id)
        .put("path", "/var/lib/heketi/mounts/vg_" + deviceId + "/brick_" + id + "/brick").put("device", deviceId)
        .put("node", nodeOf(heketi, deviceId).get("id").asString()).put("volume", FakeHeketiCore.newId())
        .put("size", sizeKiB);
    place(device, brick);
    return id;
  }

  /** Moves every brick of the device elsewhere on its node; false, nothing moved, when one finds no place. */
  static boolean evict(FakeHeketiCore heketi, ObjectNode device) {
    List<JsonNode> bricks = device.get("bricks").valueStream().toList();
    List<ObjectNode> others = nodeOf(heketi, device.get("id").asString()).get("devices").valueStream()
        .map(d -> (ObjectNode) d).filter(d -> d != device && d.get("state").asString().equals("online")).toList();
    long[] free = others.stream().mapToLong(d -> d.path("storage").path("free").asLong()).toArray();
    int[] target = new int[bricks.size()];
    for (int b = 0; b < bricks.size(); b++) {
      target[b] = -1;
      for (int d = 0; d < others.size() && target[b] < 0; d++) {
        if (free[d] >= bricks.get(b).get("size").asLong()) {
          target[b] = d;
          free[d] -= bricks.get(b).get("size").asLong();
        }
      }
      if (target[b] < 0) {
        return false;
      }
    }
    for (int b = 0; b < bricks.size(); b++) {
      ObjectNode moved = ((ObjectNode) bricks.get(b)).deepCopy();
      moved.put("device", others.get(target[b]).get("id").asString());
      place(others.get(target[b]), moved);
      take(device, bricks.get(b));
    }
    return true;
  }

  private static void place(ObjectNode device, ObjectNode brick) {
    ((ArrayNode) device.get("bricks")).add(brick);
    ObjectNode storage = (ObjectNode) device.get("storage");
    storage.put("free", storage.get("free").asLong() - brick.get("size").asLong());
    storage.put("used", storage.get("used").asLong() + brick.get("size").asLong());
  }

  private static void take(ObjectNode device, JsonNode brick) {
    ArrayNode bricks = (ArrayNode) device.get("bricks");
    for (int i = 0; i < bricks.size(); i++) {
      if (bricks.get(i).get("id").asString().equals(brick.get("id").asString())) {
        bricks.remove(i);
        break;
      }
    }
    ObjectNode storage = (ObjectNode) device.get("storage");
    storage.put("free", storage.get("free").asLong() + brick.get("size").asLong());
    storage.put("used", storage.get("used").asLong() - brick.get("size").asLong());
  }

  private static ObjectNode nodeOf(FakeHeketiCore heketi, String deviceId) {
    return heketi.nodes.values().stream()
        .filter(n -> n.get("devices").valueStream().anyMatch(d -> d.get("id").asString().equals(deviceId)))
        .findFirst().orElseThrow();
  }

  private FakeDevices() {}
}
