package dev.tandem.heketi;

import dev.tandem.heketi.FakeHeketiQueue.Calibration;
import dev.tandem.heketi.FakeHeketiQueue.Kind;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stand-in Heketi without a server: a request in, an answer out. Clusters, nodes, devices and
 * volumes are kept in memory, operations go through {@link FakeHeketiQueue}, JWTs are checked with
 * the admin key, volume creates beyond the in-flight limit get Heketi's 429. Every status, header
 * and error text is the real server's, read from the recorded transcripts; JSON bodies have the
 * recorded shapes. Allocation is simplified: a volume needs one device with room for a brick on as
 * many nodes of the cluster as it has bricks per set. Thread-safe (one lock).
 */
public final class FakeHeketiCore {

  public static final String ADMIN_KEY = "admin-secret-key";
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern ID_PATH = Pattern.compile("/(clusters|nodes|volumes|queue|devices)/([a-f0-9]+)(/expand|/state)?");

  private final long deviceKiB;
  final Map<String, ObjectNode> clusters = new LinkedHashMap<>();
  final Map<String, ObjectNode> nodes = new LinkedHashMap<>();
  final Map<String, ObjectNode> devices = new LinkedHashMap<>();
  final Map<String, ObjectNode> volumes = new LinkedHashMap<>();
  private final FakeHeketiQueue queue = new FakeHeketiQueue();
  private final List<String> calls = new ArrayList<>();
  private final List<JsonNode> volumeRequests = new ArrayList<>();
  private int maxInFlight = 8;
  private byte[] backupFile;
  private long backups;
  private Map<String, String> examineIds = Map.of();
  boolean evictionFailsAsRecorded;
  /** Devices whose bricks an earlier removal is still moving. */
  final Set<String> evicting = new HashSet<>();

  public FakeHeketiCore(long deviceGiB) {
    this.deviceKiB = deviceGiB * 1024 * 1024;
  }

  public synchronized HeketiAnswer answer(HeketiRequest request) {
    calls.add(request.method() + " " + request.path());
    if (request.path().equals("/hello")) {
      return HeketiAnswer.recorded("clusters.json", "hello");
    }
    HeketiAnswer refused = checkToken(request.authorization(), request.method(), request.path());
    return refused != null ? refused : route(request.method(), request.path(), request.body());
  }

  // ---- settings and what tests read ----

  /** Operations complete after the issue's measured delays on {@code clock} (nanoseconds), not after one poll. */
  public synchronized void calibrate(LongSupplier clock) {
    queue.calibrate(Calibration.ISSUE_11, clock);
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized Map<String, JsonNode> clusters() {
    return Map.copyOf(clusters);
  }

  public synchronized JsonNode node(String id) {
    return nodes.get(id);
  }

  public synchronized List<JsonNode> volumeRequests() {
    return List.copyOf(volumeRequests);
  }

  public synchronized void reset() {
    clusters.clear();
    nodes.clear();
    devices.clear();
    volumes.clear();
    queue.reset();
    calls.clear();
    volumeRequests.clear();
    repeatedQueueId = null;
    repeatQueueIds = false;
    maxInFlight = 8;
    backupFile = null;
    examineIds = Map.of();
    evictionFailsAsRecorded = false;
    evicting.clear();
  }

  public synchronized void backupFile(byte[] file) {
    this.backupFile = file.clone();
  }

  public synchronized void examineAs(Map<String, String> ids) {
    this.examineIds = ids == null ? null : Map.copyOf(ids);
  }

  public synchronized String clusterMadeElsewhere() {
    return JSON.readTree(addCluster(JSON.readTree("{\"file\":true}")).body()).get("id").asString();
  }

  public synchronized String deviceRemovedElsewhere(String nodeId, String name) {
    ArrayNode list = (ArrayNode) nodes.get(nodeId).get("devices");
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).get("name").asString().equals(name)) {
        String id = list.get(i).get("id").asString();
        list.remove(i);
        devices.remove(id);
        return id;
      }
    }
    throw new IllegalArgumentException("node " + nodeId + " has no device " + name);
  }

  public synchronized void stateSetElsewhere(String id, String state) {
    (nodes.containsKey(id) ? nodes.get(id) : devices.get(id)).put("state", state);
  }

  public synchronized void evictionInProgress(String id) {
    devices.get(id).put("state", "offline");
    evicting.add(id);
  }

  public synchronized void evictionEnds(String id, boolean everyBrickMoved) {
    evicting.remove(id);
    if (everyBrickMoved && !FakeDevices.evict(this, devices.get(id))) {
      throw new IllegalStateException("no room for the bricks of device " + id);
    }
    devices.get(id).put("state", "failed");
  }

  public synchronized void evictionFailsAsRecorded(boolean fails) {
    this.evictionFailsAsRecorded = fails;
  }

  public synchronized String brick(String deviceId, long sizeKiB) {
    return FakeDevices.brick(this, deviceId, sizeKiB);
  }

  public synchronized void forgetQueue() {
    queue.forget();
  }

  public synchronized int peakInFlight() {
    return queue.peakInFlight();
  }

  public synchronized void resetPeakInFlight() {
    queue.resetPeakInFlight();
  }

  public synchronized void delayTerminalAnswers(long millis) {
    queue.delayTerminalAnswers(millis);
  }

  private boolean repeatQueueIds;
  private String repeatedQueueId;

  public synchronized void pendingPolls(int polls) {
    queue.pendingPolls(polls);
  }

  public synchronized void maxInFlight(int max) {
    this.maxInFlight = max;
  }

  public synchronized String volumeMadeElsewhere(String clusterId, String name, int sizeGiB) {
    ObjectNode request = NODES.objectNode().put("size", sizeGiB).put("name", name);
    request.set("durability", JSON.readTree("{\"type\":\"replicate\",\"replicate\":{\"replica\":3}}"));
    return FakeVolumes.create(this, clusterId, request);
  }

  // ---- routing ----

  private HeketiAnswer route(String method, String path, String body) {
    switch (method + " " + path) {
      case "GET /clusters":
        return HeketiAnswer.json(200, NODES.objectNode().set("clusters", ids(clusters)));
      case "POST /clusters":
        return addCluster(parse(body));
      case "POST /nodes":
        return addNode(parse(body));
      case "POST /devices":
        return addDevice(parse(body));
      case "GET /volumes":
        return HeketiAnswer.json(200, NODES.objectNode().set("volumes", ids(volumes)));
      case "POST /volumes":
        return postVolume(body);
      case "GET /backup/db":
        return HeketiAnswer.binary("ops.json", "backup db (binary BoltDB file)",
            backupFile != null ? backupFile : BoltFiles.heketiDb(++backups));
      case "GET /db/check":
        return HeketiAnswer.recorded("ops.json", "db check");
      case "GET /internal/state/examine/gluster":
        return examine();
      default:
        break;
    }
    Matcher m = ID_PATH.matcher(path);
    if (!m.matches()) {
      return HeketiAnswer.recorded("errors.json", "unknown path");
    }
    String id = m.group(2);
    String route = method + " " + m.group(1) + (m.group(3) == null ? "" : m.group(3));
    return switch (route) {
      case "GET clusters" -> found(clusters.get(id), "cluster info unknown id");
      case "GET nodes" -> found(nodes.get(id), "node info unknown id");
      case "GET volumes" -> found(volumes.get(id), "volume info unknown id");
      case "POST volumes/expand" -> expandVolume(id, parse(body));
      case "DELETE volumes" -> deleteVolume(id);
      case "GET devices" -> found(devices.get(id), "device info unknown id");
      case "POST devices/state" -> FakeDevices.setState(this, id, parse(body));
      case "DELETE devices" -> FakeDevices.delete(this, id);
      case "GET queue" -> queue.poll(id);
      default -> HeketiAnswer.recorded("errors.json", "unknown path");
    };
  }

  /** The recorded examination, its recorded ids replaced by {@link #examineIds}; none: 404 as for any unknown path. */
  private HeketiAnswer examine() {
    if (examineIds == null) {
      return HeketiAnswer.recorded("errors.json", "unknown path");
    }
    HeketiAnswer recorded = HeketiAnswer.recorded("ops.json", "examine gluster state");
    String body = recorded.body();
    for (Map.Entry<String, String> id : examineIds.entrySet()) {
      body = body.replace(id.getKey(), id.getValue());
    }
    return new HeketiAnswer(recorded.status(), recorded.headers(), body, 0);
  }

  private static HeketiAnswer found(ObjectNode object, String unknown) {
    return object == null ? HeketiAnswer.recorded("errors.json", unknown) : HeketiAnswer.json(200, object);
  }

  private HeketiAnswer addCluster(JsonNode req) {
    if (req == null) {
      return HeketiAnswer.recorded("errors.json", "cluster create empty body");
    }
    ObjectNode cluster = NODES.objectNode();
    String id = newId();
    cluster.put("id", id);
    cluster.set("nodes", NODES.arrayNode());
    cluster.set("volumes", NODES.arrayNode());
    cluster.put("block", req.path("block").asBoolean(false));
    cluster.put("file", req.path("file").asBoolean(false));
    cluster.set("blockvolumes", NODES.arrayNode());
    clusters.put(id, cluster);
    return HeketiAnswer.json(201, cluster);
  }

  private HeketiAnswer addNode(JsonNode req) {
    if (req == null) {
      return HeketiAnswer.recorded("errors.json", "volume create malformed JSON");
    }
    ObjectNode cluster = clusters.get(req.path("cluster").asString());
    if (cluster == null) {
      return HeketiAnswer.recorded("errors.json", "node add unknown cluster");
    }
    String manage = req.path("hostnames").path("manage").path(0).asString();
    for (ObjectNode other : nodes.values()) {
      if (other.path("hostnames").path("manage").path(0).asString().equals(manage)) {
        return HeketiAnswer.text(409, HeketiAnswer.recordedBody("errors.json", "node add duplicate manage hostname")
            .replace("gluster-node-1.example.test", manage).replace("85835ad8e0e7ea473e8b8159c4761e39",
                other.get("id").asString()));
      }
    }
    String id = newId();
    ObjectNode node = NODES.objectNode();
    node.put("zone", req.path("zone").asInt());
    node.set("hostnames", req.get("hostnames"));
    node.put("cluster", cluster.get("id").asString());
    if (req.has("tags")) {
      node.set("tags", req.get("tags"));
    }
    node.put("id", id);
    node.put("state", "online");
    node.set("devices", NODES.arrayNode());
    nodes.put(id, node);
    ((ArrayNode) cluster.get("nodes")).add(id);
    return queued(Kind.NODE_ADD, HeketiAnswer.seeOther("/nodes/" + id));
  }

  private HeketiAnswer addDevice(JsonNode req) {
    if (req == null) {
      return HeketiAnswer.recorded("errors.json", "volume create malformed JSON");
    }
    ObjectNode node = nodes.get(req.path("node").asString());
    if (node == null) {
      return HeketiAnswer.recorded("errors.json", "device add unknown node");
    }
    String id = newId();
    ObjectNode device = NODES.objectNode();
    device.put("name", req.path("name").asString());
    if (req.has("tags")) {
      device.set("tags", req.get("tags"));
    }
    device.set("storage", NODES.objectNode().put("total", deviceKiB).put("free", deviceKiB).put("used", 0));
    device.put("id", id);
    device.put("state", "online");
    device.set("bricks", NODES.arrayNode());
    devices.put(id, device);
    ((ArrayNode) node.get("devices")).add(device);
    return queued(Kind.DEVICE_ADD, HeketiAnswer.noContent());
  }

  private HeketiAnswer postVolume(String body) {
    JsonNode req = parse(body);
    if (req == null || !req.path("size").isInt()) {
      return HeketiAnswer.recorded("errors.json",
          req == null ? "volume create malformed JSON" : "volume create wrong JSON type (size as string)");
    }
    if (queue.inFlight() >= maxInFlight) {
      return HeketiAnswer.recorded("throttle.json", "concurrent volume create #0");
    }
    volumeRequests.add(req);
    List<String> wanted = new ArrayList<>();
    req.path("clusters").forEach(c -> wanted.add(c.asString()));
    for (String c : wanted) {
      if (!clusters.containsKey(c)) {
        return HeketiAnswer.text(400, HeketiAnswer.recordedBody("errors.json", "volume create unknown cluster id")
            .replace("0123456789abcdef0123456789abcdef", c));
      }
    }
    List<String> order = wanted.isEmpty() ? new ArrayList<>(clusters.keySet()) : wanted;
    for (String clusterId : order) {
      if (FakeVolumes.fits(this, clusterId, req)) {
        return queued(Kind.VOLUME_CREATE, HeketiAnswer.seeOther("/volumes/" + FakeVolumes.create(this, clusterId, req)));
      }
    }
    return HeketiAnswer.text(500, "Failed to allocate new volume: No space\n");
  }

  private HeketiAnswer expandVolume(String id, JsonNode req) {
    ObjectNode volume = volumes.get(id);
    if (volume == null) {
      return HeketiAnswer.recorded("errors.json", "volume expand unknown volume");
    }
    int add = req == null ? 0 : req.path("expand_size").asInt(0);
    if (add < 1) {
      return HeketiAnswer.recorded("errors.json", "volume expand size 0");
    }
    volume.put("size", volume.get("size").asInt() + add);
    return queued(Kind.VOLUME_EXPAND, HeketiAnswer.seeOther("/volumes/" + id));
  }

  private HeketiAnswer deleteVolume(String id) {
    ObjectNode volume = volumes.remove(id);
    if (volume == null) {
      return HeketiAnswer.recorded("errors.json", "volume delete unknown id");
    }
    ArrayNode list = (ArrayNode) clusters.get(volume.get("cluster").asString()).get("volumes");
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).asString().equals(id)) {
        list.remove(i);
        break;
      }
    }
    return queued(Kind.VOLUME_DELETE, HeketiAnswer.noContent());
  }

  /** Every queued operation from now on gets the same queue id (a broken Heketi, for the proxy's error path). */
  public synchronized void repeatQueueIds(boolean repeat) {
    repeatQueueIds = repeat;
    repeatedQueueId = null;
  }

  HeketiAnswer queued(Kind kind, HeketiAnswer terminal) {
    String id = repeatQueueIds && repeatedQueueId != null ? repeatedQueueId : newId();
    repeatedQueueId = repeatQueueIds ? id : null;
    queue.add(id, kind, terminal);
    return HeketiAnswer.accepted(id);
  }

  // ---- auth, as Heketi's JWT middleware answers ----

  private static HeketiAnswer checkToken(String header, String method, String path) {
    if (header == null) {
      return HeketiAnswer.recorded("auth.json", "no Authorization header");
    }
    String[] parts = header.trim().split("\\s+");
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer")) {
      return HeketiAnswer.recorded("auth.json", "Authorization header not bearer");
    }
    String[] jwt = parts[1].split("\\.");
    if (jwt.length != 3) {
      return HeketiAnswer.recorded("auth.json", "token is not a JWT");
    }
    if (!TestSignatures.hs256(ADMIN_KEY, jwt[0] + "." + jwt[1]).equals(jwt[2])) {
      return HeketiAnswer.recorded("auth.json", "bad signature (admin claims signed with wrong key)");
    }
    JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
    if (claims.path("exp").asLong(0) < System.currentTimeMillis() / 1000) {
      return HeketiAnswer.recorded("auth.json", "expired token");
    }
    if (!HeketiTokens.qsh(method, path).equals(claims.path("qsh").asString(""))) {
      return HeketiAnswer.recorded("auth.json", "wrong qsh (token made for GET /volumes used on GET /clusters)");
    }
    return null;
  }

  // ---- helpers ----

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (tools.jackson.core.JacksonException e) {
      return null;
    }
  }

  private static ArrayNode ids(Map<String, ObjectNode> objects) {
    ArrayNode out = NODES.arrayNode();
    objects.keySet().stream().sorted().forEach(out::add);
    return out;
  }

  static String newId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
