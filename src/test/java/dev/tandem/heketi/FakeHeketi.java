package dev.tandem.heketi;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful stand-in for Heketi on WireMock, for tests that need more than one recorded sequence:
 * clusters, nodes, devices and volumes kept in memory, the one-shot queue (pending once, then the
 * terminal answer, then "Id not found"), JWT checking with the admin key, and the in-flight limit.
 * Every status, header and error text it answers is the real server's, read from the recorded
 * transcripts; JSON bodies have the recorded shapes. Allocation is simplified: a volume needs one
 * device with room for a brick on as many nodes of the cluster as it has bricks per set.
 */
public final class FakeHeketi implements ResponseTransformerV2 {

  public static final String ADMIN_KEY = "admin-secret-key";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final long deviceKiB;
  private final Map<String, ObjectNode> clusters = new LinkedHashMap<>();
  private final Map<String, ObjectNode> nodes = new LinkedHashMap<>();
  private final Map<String, ObjectNode> devices = new LinkedHashMap<>();
  private final Map<String, ObjectNode> volumes = new LinkedHashMap<>();
  private final Map<String, Queued> queue = new LinkedHashMap<>();
  private final List<String> calls = new ArrayList<>();
  private final List<JsonNode> volumeRequests = new ArrayList<>();
  private int maxInFlight = 8;
  private int inFlight;
  private int peakInFlight;
  private long terminalDelayMillis;
  private int pendingPolls = 1;
  private WireMockServer server;

  /** A queued operation: pending once, then its terminal answer. */
  private static final class Queued {
    final Response terminal;
    int polled;

    Queued(Response terminal) {
      this.terminal = terminal;
    }
  }

  public FakeHeketi(long deviceGiB) {
    this.deviceKiB = deviceGiB * 1024 * 1024;
  }

  public FakeHeketi listen() {
    server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1").extensions(this));
    server.start();
    server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.ok()));
    return this;
  }

  public void shutdown() {
    server.stop();
  }

  public String url() {
    return server.baseUrl();
  }

  @Override
  public String getName() {
    return "fake-heketi";
  }

  @Override
  public synchronized Response transform(Response ignored, ServeEvent event) {
    Request request = event.getRequest();
    String method = request.getMethod().getName();
    String path = URI.create(request.getUrl()).getRawPath();
    calls.add(method + " " + path);
    if (path.equals("/hello")) {
      return recorded("clusters.json", "hello");
    }
    Response refused = checkToken(request, method, path);
    return refused != null ? refused : route(method, path, request.getBodyAsString());
  }

  // ---- what tests read ----

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** Calls that change Heketi: initiating POSTs and DELETEs. */
  public synchronized long writes() {
    return calls.stream().filter(c -> c.startsWith("POST ") || c.startsWith("DELETE ")).count();
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

  /** Forgets everything: a fresh, empty Heketi. */
  public synchronized void reset() {
    clusters.clear();
    nodes.clear();
    devices.clear();
    volumes.clear();
    queue.clear();
    calls.clear();
    volumeRequests.clear();
    inFlight = 0;
    peakInFlight = 0;
    maxInFlight = 8;
    terminalDelayMillis = 0;
    pendingPolls = 1;
  }

  /** Heketi restarted: its in-memory queue is gone, its database is not. */
  public synchronized void forgetQueue() {
    queue.clear();
    inFlight = 0;
  }

  /** The most operations that were queued and not yet answered at one time, since {@link #resetPeakInFlight()}. */
  public synchronized int peakInFlight() {
    return peakInFlight;
  }

  public synchronized void resetPeakInFlight() {
    peakInFlight = inFlight;
  }

  /** Sends each terminal queue answer this much later (after the entry is gone, as on a slow link). */
  public synchronized void delayTerminalAnswers(long millis) {
    this.terminalDelayMillis = millis;
  }

  /** Each queued operation answers pending this many times before its terminal answer (1 by default). */
  public synchronized void pendingPolls(int polls) {
    this.pendingPolls = polls;
  }

  public synchronized void maxInFlight(int max) {
    this.maxInFlight = max;
  }

  /** Adds a volume as if made outside Tandem (by heketi-cli, say). */
  public synchronized String volumeMadeElsewhere(String clusterId, String name, int sizeGiB) {
    ObjectNode request = NODES.objectNode().put("size", sizeGiB).put("name", name);
    request.set("durability", JSON.readTree("{\"type\":\"replicate\",\"replicate\":{\"replica\":3}}"));
    return createVolume(clusterId, request);
  }

  // ---- routing ----

  private Response route(String method, String path, String body) {
    Matcher m;
    if (method.equals("GET") && path.equals("/clusters")) {
      return json(200, NODES.objectNode().set("clusters", ids(clusters)));
    }
    if (method.equals("POST") && path.equals("/clusters")) {
      JsonNode req = parse(body);
      if (req == null) {
        return recorded("errors.json", "cluster create empty body");
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
      return json(201, cluster);
    }
    if ((m = match("GET", "/clusters/([a-f0-9]+)", method, path)) != null) {
      ObjectNode cluster = clusters.get(m.group(1));
      return cluster == null ? recorded("errors.json", "cluster info unknown id") : json(200, cluster);
    }
    if (method.equals("POST") && path.equals("/nodes")) {
      return addNode(parse(body));
    }
    if ((m = match("GET", "/nodes/([a-f0-9]+)", method, path)) != null) {
      ObjectNode node = nodes.get(m.group(1));
      return node == null ? recorded("errors.json", "node info unknown id") : json(200, node);
    }
    if (method.equals("POST") && path.equals("/devices")) {
      return addDevice(parse(body));
    }
    if (method.equals("GET") && path.equals("/volumes")) {
      return json(200, NODES.objectNode().set("volumes", ids(volumes)));
    }
    if (method.equals("POST") && path.equals("/volumes")) {
      return postVolume(body);
    }
    if ((m = match("GET", "/volumes/([a-f0-9]+)", method, path)) != null) {
      ObjectNode volume = volumes.get(m.group(1));
      return volume == null ? recorded("errors.json", "volume info unknown id") : json(200, volume);
    }
    if ((m = match("POST", "/volumes/([a-f0-9]+)/expand", method, path)) != null) {
      return expandVolume(m.group(1), parse(body));
    }
    if ((m = match("DELETE", "/volumes/([a-f0-9]+)", method, path)) != null) {
      return deleteVolume(m.group(1));
    }
    if ((m = match("GET", "/queue/([a-f0-9]+)", method, path)) != null) {
      return poll(m.group(1));
    }
    return recorded("errors.json", "unknown path");
  }

  private Response addNode(JsonNode req) {
    if (req == null) {
      return recorded("errors.json", "volume create malformed JSON");
    }
    ObjectNode cluster = clusters.get(req.path("cluster").asString());
    if (cluster == null) {
      return recorded("errors.json", "node add unknown cluster");
    }
    String manage = req.path("hostnames").path("manage").path(0).asString();
    for (ObjectNode other : nodes.values()) {
      if (other.path("hostnames").path("manage").path(0).asString().equals(manage)) {
        return text(409, recordedBody("errors.json", "node add duplicate manage hostname")
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
    return queued(seeOther("/nodes/" + id));
  }

  private Response addDevice(JsonNode req) {
    if (req == null) {
      return recorded("errors.json", "volume create malformed JSON");
    }
    ObjectNode node = nodes.get(req.path("node").asString());
    if (node == null) {
      return recorded("errors.json", "device add unknown node");
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
    return queued(noContent());
  }

  private Response postVolume(String body) {
    JsonNode req = parse(body);
    if (req == null || !req.path("size").isInt()) {
      return recorded("errors.json", req == null ? "volume create malformed JSON" : "volume create wrong JSON type (size as string)");
    }
    if (inFlight >= maxInFlight) {
      return recorded("throttle.json", "concurrent volume create #0");
    }
    volumeRequests.add(req);
    List<String> wanted = new ArrayList<>();
    req.path("clusters").forEach(c -> wanted.add(c.asString()));
    for (String c : wanted) {
      if (!clusters.containsKey(c)) {
        return text(400, recordedBody("errors.json", "volume create unknown cluster id")
            .replace("0123456789abcdef0123456789abcdef", c));
      }
    }
    List<String> order = wanted.isEmpty() ? new ArrayList<>(clusters.keySet()) : wanted;
    for (String clusterId : order) {
      if (fits(clusterId, req)) {
        return queued(seeOther("/volumes/" + createVolume(clusterId, req)));
      }
    }
    return text(500, "Failed to allocate new volume: No space\n");
  }

  private Response expandVolume(String id, JsonNode req) {
    ObjectNode volume = volumes.get(id);
    if (volume == null) {
      return recorded("errors.json", "volume expand unknown volume");
    }
    int add = req == null ? 0 : req.path("expand_size").asInt(0);
    if (add < 1) {
      return recorded("errors.json", "volume expand size 0");
    }
    volume.put("size", volume.get("size").asInt() + add);
    return queued(seeOther("/volumes/" + id));
  }

  private Response deleteVolume(String id) {
    ObjectNode volume = volumes.remove(id);
    if (volume == null) {
      return recorded("errors.json", "volume delete unknown id");
    }
    ArrayNode list = (ArrayNode) clusters.get(volume.get("cluster").asString()).get("volumes");
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).asString().equals(id)) {
        list.remove(i);
        break;
      }
    }
    return queued(noContent());
  }

  private Response poll(String id) {
    Queued entry = queue.get(id);
    if (entry == null) {
      return recorded("volumes-async.json", "queue poll again after completion was reported (entry is removed after first final read)");
    }
    if (entry.polled++ < pendingPolls) {
      return recorded("volumes-async.json", "volume delete: poll 1");
    }
    queue.remove(id);
    inFlight--;
    return terminalDelayMillis == 0 ? entry.terminal
        : Response.Builder.like(entry.terminal).incrementInitialDelay(terminalDelayMillis).build();
  }

  // ---- volumes ----

  private boolean fits(String clusterId, JsonNode req) {
    long brickKiB = (long) req.path("size").asInt() * 1024 * 1024;
    int bricks = bricksPerSet(req.path("durability"));
    long nodesWithRoom = clusters.get(clusterId).get("nodes").valueStream()
        .map(n -> nodes.get(n.asString()))
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

  private String createVolume(String clusterId, JsonNode req) {
    String id = newId();
    String name = req.path("name").asString("");
    if (name.isEmpty()) {
      name = "vol_" + id;
    }
    List<String> hosts = new ArrayList<>();
    clusters.get(clusterId).get("nodes").forEach(n -> hosts.add(nodes.get(n.asString()).path("hostnames").path("storage").path(0).asString()));
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
    volumes.put(id, volume);
    ((ArrayNode) clusters.get(clusterId).get("volumes")).add(id);
    return id;
  }

  // ---- auth, as Heketi's JWT middleware answers ----

  private Response checkToken(Request request, String method, String path) {
    String header = request.getHeader("Authorization");
    if (header == null) {
      return recorded("auth.json", "no Authorization header");
    }
    String[] parts = header.trim().split("\\s+");
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer")) {
      return recorded("auth.json", "Authorization header not bearer");
    }
    String[] jwt = parts[1].split("\\.");
    if (jwt.length != 3) {
      return recorded("auth.json", "token is not a JWT");
    }
    if (!TestSignatures.hs256(ADMIN_KEY, jwt[0] + "." + jwt[1]).equals(jwt[2])) {
      return recorded("auth.json", "bad signature (admin claims signed with wrong key)");
    }
    JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
    if (claims.path("exp").asLong(0) < System.currentTimeMillis() / 1000) {
      return recorded("auth.json", "expired token");
    }
    if (!HeketiTokens.qsh(method, path).equals(claims.path("qsh").asString(""))) {
      return recorded("auth.json", "wrong qsh (token made for GET /volumes used on GET /clusters)");
    }
    return null;
  }

  // ---- answers ----

  private Response queued(Response terminal) {
    String id = newId();
    queue.put(id, new Queued(terminal));
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    JsonNode accepted = Transcripts.exchange("volumes-async.json", "volume delete").get("response");
    return Response.response().status(accepted.get("status").asInt())
        .headers(new HttpHeaders(new HttpHeader("Location", "/queue/" + id))).body("").build();
  }

  private static Response seeOther(String location) {
    JsonNode recorded = Transcripts.exchange("volumes-async.json", "volume expand: poll 2").get("response");
    String body = Transcripts.body(recorded).replace("/volumes/5ec98024a01a1b8cb2a045b7a6b6d0c6", location);
    return Response.response().status(303).headers(new HttpHeaders(new HttpHeader("Location", location),
        new HttpHeader("Content-Type", recorded.path("headers").path("Content-Type").asString()))).body(body).build();
  }

  private static Response noContent() {
    return Response.response().status(Transcripts.exchange("volumes-async.json", "volume delete: poll 2")
        .get("response").get("status").asInt()).build();
  }

  private static Response recorded(String file, String name) {
    JsonNode response = Transcripts.exchange(file, name).get("response");
    List<HttpHeader> headers = new ArrayList<>();
    response.get("headers").properties().forEach(h -> {
      if (!h.getValue().isNull()) {
        headers.add(new HttpHeader(h.getKey(), h.getValue().asString()));
      }
    });
    return Response.response().status(response.get("status").asInt()).headers(new HttpHeaders(headers))
        .body(Transcripts.body(response)).build();
  }

  private static String recordedBody(String file, String name) {
    return Transcripts.body(Transcripts.exchange(file, name).get("response"));
  }

  private static Response text(int status, String body) {
    return Response.response().status(status)
        .headers(new HttpHeaders(new HttpHeader("Content-Type", "text/plain; charset=utf-8"))).body(body).build();
  }

  private static Response json(int status, JsonNode body) {
    return Response.response().status(status)
        .headers(new HttpHeaders(new HttpHeader("Content-Type", "application/json; charset=UTF-8")))
        .body(JSON.writeValueAsString(body)).build();
  }

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

  private static Matcher match(String wantedMethod, String regex, String method, String path) {
    if (!wantedMethod.equals(method)) {
      return null;
    }
    Matcher m = Pattern.compile(regex).matcher(path);
    return m.matches() ? m : null;
  }

  private static String newId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
