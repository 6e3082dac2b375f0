package dev.tandem.heketi;

import static dev.tandem.heketi.FakeHeketiCore.JSON;
import static dev.tandem.heketi.FakeHeketiCore.NODES;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The stand-in Heketi's volumes: simplified allocation, and volumes in the recorded shape. */
final class FakeVolumes {

  /** Whether the cluster has a device with room for a brick on as many nodes as a set has bricks. */
  static boolean fits(FakeHeketiCore heketi, String clusterId, JsonNode req) {
    long brickKiB = (long) req.path("size").asInt() * 1024 * 1024;
    int bricks = bricksPerSet(req.path("durability"));
    long nodesWithRoom = heketi.clusters.get(clusterId).get("nodes").valueStream()
        .map(n -> heketi.nodes.get(n.asString()))
        .filter(n -> n.get("devices").valueStream().anyMatch(d -> d.path("storage").path("free").asLong() >= brickKiB))
        .count();
    return nodesWithRoom >= bricks;
  }

  private static int bricksPerSet(JsonNode durability) {
    return switch (durability.path("type").asString("none")) {
      case "replicate" -> durability.path("replicate").path("replica").asInt(3);
      case "disperse" -> durability.path("disperse").path("data").asInt() + durability.path("disperse").path("redundancy").asInt();
      default -> 1;
    };
  }

  /** Adds the volume {@code req} asks for to the cluster; returns its id. */
  static String create(FakeHeketiCore heketi, String clusterId, JsonNode req) {
    String id = FakeHeketiCore.newId();
    String name = req.path("name").asString("");
    if (name.isEmpty()) {
      name = "vol_" + id;
    }
    List<String> hosts = new ArrayList<>();
    heketi.clusters.get(clusterId).get("nodes").forEach(
        n -> hosts.add(heketi.nodes.get(n.asString()).path("hostnames").path("storage").path(0).asString()));
    ObjectNode volume = NODES.objectNode();
    volume.put("size", req.path("size").asInt());
    volume.put("name", name);
    ObjectNode durability = NODES.objectNode();
    JsonNode asked = req.path("durability");
    durability.put("type", asked.path("type").asString("none"));
    durability.set("replicate", asked.has("replicate") ? asked.get("replicate") : NODES.objectNode());
    durability.set("disperse", asked.has("disperse") ? asked.get("disperse") : NODES.objectNode());
    volume.set("durability", durability);
    if (req.has("gid")) {
      volume.set("gid", req.get("gid"));
    }
    ArrayNode options = NODES.arrayNode().add("");
    req.path("glustervolumeoptions").forEach(options::add);
    volume.set("glustervolumeoptions", options.add(""));
    volume.set("snapshot", req.has("snapshot") ? req.get("snapshot")
        : NODES.objectNode().put("enable", false).put("factor", 1));
    volume.put("id", id);
    volume.put("cluster", clusterId);
    ObjectNode glusterfs = NODES.objectNode();
    glusterfs.set("hosts", JSON.valueToTree(hosts));
    glusterfs.put("device", (hosts.isEmpty() ? "" : hosts.get(0)) + ":" + name);
    glusterfs.set("options", NODES.objectNode().put("backup-volfile-servers",
        String.join(",", hosts.subList(Math.min(1, hosts.size()), hosts.size()))));
    volume.set("mount", NODES.objectNode().set("glusterfs", glusterfs));
    volume.set("blockinfo", NODES.objectNode());
    volume.set("bricks", NODES.arrayNode());
    heketi.volumes.put(id, volume);
    ((ArrayNode) heketi.clusters.get(clusterId).get("volumes")).add(id);
    return id;
  }

  private FakeVolumes() {}
}
