package dev.tandem.proxy;

import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiUnavailableException;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.security.AccessPolicy;
import dev.tandem.security.AccessPolicy.Api;
import dev.tandem.security.AccessPolicy.Decision;
import dev.tandem.security.Caller;
import dev.tandem.security.HeketiJwtVerifier;
import dev.tandem.security.Role;
import dev.tandem.security.SecurityProperties;
import dev.tandem.storage.VolumeRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One request of the Heketi-compatible API, from token to answer. Authentication runs before
 * routing, as in Heketi; then {@link AccessPolicy} decides (refusals: 403 with Heketi's text
 * "Administrator access required"). Pool names are translated for everyone; where the policy says
 * {@link Decision#SCOPED}, the pool is checked here, where the object is read from Heketi: the
 * client's volumes, its clusters and nodes, its own queue entries. A scoped route this class cannot
 * check is refused.
 */
@Service
public class HeketiProxy {

  /** Options reach {@code gluster volume set} on the hosts: the same pattern as Tandem's own API. */
  private static final Pattern VOLUME_OPTION = Pattern.compile(VolumeRequest.OPTION);
  static final Pattern UUID = Pattern.compile("^[0-9a-fA-F]{32}$");
  private static final Pattern VOLUME = Pattern.compile("^/volumes/([^/]+)(/.*)?$");
  private static final Pattern CLUSTER = Pattern.compile("^/clusters/([^/]+)$");
  private static final Pattern NODE = Pattern.compile("^/nodes/([^/]+)$");
  private static final Pattern QUEUE = Pattern.compile("^/queue/([^/]+)$");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ADMIN_REQUIRED = "Administrator access required";

  private final HeketiClient heketi;
  private final HeketiJwtVerifier jwt;
  private final HeketiBindings inventory;
  private final ProxyQueue queue;
  private final SecurityProperties security;
  private final AccessPolicy policy;
  private final HeldPools held;

  HeketiProxy(HeketiClient heketi, HeketiJwtVerifier jwt, HeketiBindings inventory, ProxyQueue queue,
      SecurityProperties security, AccessPolicy policy, HeldPools held) {
    this.heketi = heketi;
    this.jwt = jwt;
    this.inventory = inventory;
    this.queue = queue;
    this.security = security;
    this.policy = policy;
    this.held = held;
  }

  /** The request as received: method, decoded path, raw query (or null), Authorization, body. */
  public record Incoming(String method, String path, String query, String authorization, String contentType,
      byte[] body) {}

  /** What the audit log learns: who, and which pool and object. */
  public record Outcome(Answer answer, String actor, String pool, String object) {}

  public Outcome handle(Incoming in) {
    Context ctx = new Context(in);
    try {
      return new Outcome(route(ctx), ctx.actor, ctx.pool, ctx.object);
    } catch (HeketiUnavailableException e) {
      // unreachable or not configured: 503; the URL is a Tandem's: 508
      return new Outcome(Answer.error(e.getStatusCode().value(), e.text()), ctx.actor, ctx.pool, ctx.object);
    }
  }

  /** Per-request state. */
  private static final class Context {
    final Incoming in;
    Caller caller;
    /** The policy said SCOPED: the pool of the object is checked where it is read. */
    boolean scoped;
    String actor;
    String pool;
    String object;
    Map<String, List<String>> clusterIds;

    Context(Incoming in) {
      this.in = in;
    }

    boolean read() {
      return in.method().equals("GET") || in.method().equals("HEAD");
    }
  }

  private Answer route(Context ctx) {
    Incoming in = ctx.in;
    if (AccessPolicy.Route.of(in.path()).filter(AccessPolicy.Route::open).isPresent()) {
      return forward(in.method(), in.path(), in.query(), in.body(), in.contentType());
    }
    Answer refused = authenticate(ctx);
    if (refused != null) {
      return refused;
    }
    Decision decision = policy.decide(ctx.caller, Api.HEKETI, in.method(), in.path());
    if (decision == Decision.DENY) {
      return Answer.error(403, ADMIN_REQUIRED);
    }
    ctx.scoped = decision == Decision.SCOPED;
    Matcher m;
    if (in.path().equals("/volumes") && in.method().equals("POST")) {
      return createVolume(ctx);
    }
    if (in.path().equals("/volumes") && ctx.read()) {
      return ctx.scoped ? scopedVolumeList(ctx) : pass(ctx);
    }
    if ((m = VOLUME.matcher(in.path())).matches()) {
      return volume(ctx, m.group(1));
    }
    if (in.path().equals("/clusters") && ctx.read() && ctx.scoped) {
      ArrayNode list = JSON.createArrayNode();
      clustersOf(ctx, ctx.caller.pools()).forEach(list::add);
      return Answer.json(200, JSON.createObjectNode().set("clusters", list).toString());
    }
    if ((m = CLUSTER.matcher(in.path())).matches() && ctx.read()) {
      return cluster(ctx, m.group(1));
    }
    if ((m = NODE.matcher(in.path())).matches() && ctx.read() && ctx.scoped) {
      return scopedNode(ctx, m.group(1));
    }
    if ((m = QUEUE.matcher(in.path())).matches()) {
      return poll(ctx, m.group(1));
    }
    return ctx.scoped ? Answer.error(403, ADMIN_REQUIRED) : pass(ctx);
  }

  // ---- authentication and roles ----

  private Answer authenticate(Context ctx) {
    if (!security.enabled()) {
      ctx.caller = new Caller("anonymous", Role.ADMIN, Set.of());
      ctx.actor = "anonymous";
      return null;
    }
    HeketiJwtVerifier.Result result = jwt.verify(ctx.in.authorization(), ctx.in.method(), ctx.in.path());
    if (result instanceof HeketiJwtVerifier.Result.Refused refused) {
      return Answer.error(refused.status(), refused.message());
    }
    ctx.caller = ((HeketiJwtVerifier.Result.Verified) result).caller();
    ctx.actor = ctx.caller.name();
    return null;
  }

  // ---- volumes ----

  private Answer createVolume(Context ctx) {
    JsonNode body;
    try {
      body = JSON.readTree(ctx.in.body());
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      return Answer.error(422, "request unable to be parsed");
    }
    ObjectNode request = (ObjectNode) body;
    for (JsonNode option : request.path("glustervolumeoptions")) {
      if (!option.isString() || !VOLUME_OPTION.matcher(option.asString()).matches()) {
        return Answer.error(400, "Invalid volume option " + option + ": each of glustervolumeoptions "
            + VolumeRequest.OPTION_HINT);
      }
    }
    Map<String, String> poolOfCluster = poolOfCluster(ctx);
    List<String> clusters = new ArrayList<>();
    for (JsonNode element : request.path("clusters")) {
      for (String part : element.asString("").split(",")) {
        clusters.add(part.trim());
      }
    }
    LinkedHashSet<String> resolved = new LinkedHashSet<>();
    Set<String> pools = new LinkedHashSet<>();
    for (String name : clusters) {
      if (UUID.matcher(name).matches()) {
        resolved.add(name.toLowerCase(Locale.ROOT));
        Optional.ofNullable(poolOfCluster.get(name.toLowerCase(Locale.ROOT))).ifPresent(pools::add);
        String owner = poolOfCluster.get(name.toLowerCase(Locale.ROOT));
        if (ctx.scoped && (owner == null || !AccessPolicy.inScope(ctx.caller, owner))) {
          return Answer.error(403, "Client " + ctx.caller.name() + " may not use cluster " + name);
        }
        continue;
      }
      List<String> ids = clustersOf(ctx, Set.of(name));
      if (ids.isEmpty()) {
        return Answer.error(400, "Cluster id " + name + " not found");
      }
      if (ctx.scoped && !AccessPolicy.inScope(ctx.caller, name)) {
        return Answer.error(403, "Client " + ctx.caller.name() + " may not use pool " + name);
      }
      pools.add(name);
      resolved.addAll(ids);
    }
    if (clusters.isEmpty() && ctx.scoped) {
      pools.addAll(ctx.caller.pools());
      resolved.addAll(clustersOf(ctx, ctx.caller.pools()));
      if (resolved.isEmpty()) {
        return Answer.error(400, "Pool " + String.join(",", ctx.caller.pools()) + " is not bound to a Heketi cluster");
      }
    }
    if (!resolved.isEmpty()) {
      ArrayNode list = request.putArray("clusters");
      resolved.forEach(list::add);
    }
    ctx.pool = pools.size() == 1 ? pools.iterator().next() : null;
    ctx.object = request.path("name").asString(null);
    // without clusters, Heketi may place the volume in any pool's cluster
    Answer refused = held.refusal(resolved.isEmpty() ? clusterIds(ctx).keySet() : pools);
    if (refused != null) {
      return refused;
    }
    return queue.start(ctx.pool, clusterIds(ctx).keySet(), ctx.caller.name(),
        () -> forward("POST", "/volumes", ctx.in.query(), JSON.writeValueAsBytes(request), "application/json"));
  }

  private Answer volume(Context ctx, String id) {
    ctx.object = id;
    if (!UUID.matcher(id).matches()) {
      return Answer.error(404, "Invalid path or request");
    }
    boolean scoped = ctx.scoped;
    boolean initiates = !ctx.read();
    if (scoped || initiates) {
      HeketiClient.Raw info = heketi.exchange("GET", "/volumes/" + id, null, null, "look up volume " + id);
      if (info.status() == 200) {
        ctx.pool = poolOfCluster(ctx).get(JSON.readTree(info.body()).path("cluster").asString(""));
        if (scoped && (ctx.pool == null || !AccessPolicy.inScope(ctx.caller, ctx.pool))) {
          return Answer.error(403, "Client " + ctx.caller.name() + " may not use volume " + id);
        }
      } else if (scoped) {
        return relay(info);
      }
    }
    if (initiates) {
      Answer refused = ctx.pool == null ? null : held.refusal(Set.of(ctx.pool));
      return refused != null ? refused : queue.start(ctx.pool, clusterIds(ctx).keySet(), ctx.caller.name(),
          () -> pass(ctx));
    }
    return pass(ctx);
  }

  private Answer scopedVolumeList(Context ctx) {
    ArrayNode volumes = JSON.createArrayNode();
    for (String clusterId : clustersOf(ctx, ctx.caller.pools())) {
      HeketiClient.Raw cluster = heketi.exchange("GET", "/clusters/" + clusterId, null, null, "list volumes");
      if (cluster.status() != 200) {
        return relay(cluster);
      }
      JSON.readTree(cluster.body()).path("volumes").forEach(volumes::add);
    }
    return Answer.json(200, JSON.createObjectNode().set("volumes", volumes).toString());
  }

  // ---- clusters and nodes ----

  private Answer cluster(Context ctx, String idOrName) {
    String id = idOrName;
    if (!UUID.matcher(idOrName).matches()) {
      List<String> ids = clustersOf(ctx, Set.of(idOrName));
      if (ids.isEmpty()) {
        return Answer.error(400, "Cluster id " + idOrName + " not found");
      }
      id = ids.get(0);
    }
    boolean theirs = clustersOf(ctx, ctx.caller.pools()).contains(id.toLowerCase(Locale.ROOT));
    if (ctx.scoped && !theirs) {
      return Answer.error(403, "Client " + ctx.caller.name() + " may not read cluster " + idOrName);
    }
    return forward("GET", "/clusters/" + id, ctx.in.query(), null, null);
  }

  private Answer scopedNode(Context ctx, String id) {
    HeketiClient.Raw node = heketi.exchange("GET", "/nodes/" + id, null, null, "read node " + id);
    if (node.status() == 200) {
      String cluster = JSON.readTree(node.body()).path("cluster").asString("");
      if (!clustersOf(ctx, ctx.caller.pools()).contains(cluster)) {
        return Answer.error(403, "Client " + ctx.caller.name() + " may not read node " + id);
      }
    }
    return relay(node);
  }

  // ---- the queue ----

  private Answer poll(Context ctx, String id) {
    ctx.object = id;
    return queue.poll(id, ctx.scoped ? ctx.caller.name() : null, Answer.error(403, ADMIN_REQUIRED));
  }

  // ---- forwarding ----

  private Answer pass(Context ctx) {
    return forward(ctx.in.method(), ctx.in.path(), ctx.in.query(), ctx.in.body(), ctx.in.contentType());
  }

  private Answer forward(String method, String path, String query, byte[] body, String contentType) {
    String target = query == null ? path : path + "?" + query;
    return relay(heketi.exchange(method, target, body != null && body.length == 0 && method.equals("GET") ? null
        : body, contentType, method + " " + path));
  }

  private static Answer relay(HeketiClient.Raw raw) {
    return Answer.relayed(raw);
  }

  /** The pools' Heketi clusters ({@link HeketiBindings#clusterIds()}), the same throughout a request. */
  private Map<String, List<String>> clusterIds(Context ctx) {
    if (ctx.clusterIds == null) {
      ctx.clusterIds = inventory.clusterIds();
    }
    return ctx.clusterIds;
  }

  private Map<String, String> poolOfCluster(Context ctx) {
    Map<String, String> out = new LinkedHashMap<>();
    clusterIds(ctx).forEach((pool, ids) -> ids.forEach(id -> out.put(id, pool)));
    return out;
  }

  private List<String> clustersOf(Context ctx, Set<String> pools) {
    List<String> out = new ArrayList<>();
    pools.stream().sorted().forEach(pool -> out.addAll(clusterIds(ctx).getOrDefault(pool, List.of())));
    return out;
  }
}
