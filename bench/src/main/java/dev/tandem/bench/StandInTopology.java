package dev.tandem.bench;

import dev.tandem.heketi.FakeHeketiCore;
import dev.tandem.proxy.GoLikeHeketiClient;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gives a second stand-in Heketi the clusters, nodes and devices of a first one, through the second
 * one's API as heketi-cli with the admin key would add them (cluster create, node add, device add,
 * each polled to its end), so that the direct side of {@link BurstBench} allocates volumes on the
 * same topology that Tandem reconciled into the stand-in behind it.
 */
final class StandInTopology {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StandInTopology() {}

  /** Copies every cluster of {@code source} into {@code target}; answers source cluster id → target cluster id. */
  static Map<String, String> copy(FakeHeketiCore source, GoLikeHeketiClient target) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : source.clusters().entrySet()) {
      JsonNode cluster = entry.getValue();
      ObjectNode clusterRequest = NODES.objectNode()
          .put("block", cluster.path("block").asBoolean())
          .put("file", cluster.path("file").asBoolean());
      HttpResponse<String> created = target.send("POST", "/clusters", clusterRequest.toString(),
          target.token("POST", "/clusters"));
      if (created.statusCode() != 201) {
        throw new IllegalStateException("cluster create answered " + created.statusCode() + ": " + created.body());
      }
      String clusterId = JSON.readTree(created.body()).get("id").asString();
      ids.put(entry.getKey(), clusterId);
      for (JsonNode nodeId : cluster.get("nodes")) {
        copyNode(source.node(nodeId.asString()), clusterId, target);
      }
    }
    return ids;
  }

  private static void copyNode(JsonNode node, String clusterId, GoLikeHeketiClient target) {
    ObjectNode nodeRequest = NODES.objectNode().put("zone", node.get("zone").asInt()).put("cluster", clusterId);
    nodeRequest.set("hostnames", node.get("hostnames"));
    if (node.has("tags")) {
      nodeRequest.set("tags", node.get("tags"));
    }
    String nodeId = target.poll(target.initiate("POST", "/nodes", nodeRequest.toString()), 200).get("id").asString();
    for (JsonNode device : node.get("devices")) {
      ObjectNode deviceRequest = NODES.objectNode().put("node", nodeId).put("name", device.get("name").asString());
      if (device.has("tags")) {
        deviceRequest.set("tags", device.get("tags"));
      }
      target.poll(target.initiate("POST", "/devices", deviceRequest.toString()), 204);
    }
  }
}
