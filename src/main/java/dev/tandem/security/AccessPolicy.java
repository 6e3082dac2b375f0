package dev.tandem.security;

import static dev.tandem.security.AccessPolicy.Decision.ALLOW;
import static dev.tandem.security.AccessPolicy.Decision.DENY;
import static dev.tandem.security.AccessPolicy.Decision.SCOPED;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Who may call what, on both APIs: the one table of role × route class × read or write → {@link
 * Decision}. Tandem's API asks it in {@link SecurityConfig}; the Heketi-compatible API asks it after
 * authenticating; objects whose pool is known only once they are read ask {@link #visible(String)}.
 * Admin: everything. Operator: reads, plus volumes, reconcile, jobs (device replacement included) and drift
 * reports. Viewer: reads. Pool client:
 * its pools' volumes, outputs, clusters, nodes and operations ({@link Decision#SCOPED}). Heketi's
 * administration (its database, backups, block volumes, node, device and cluster writes) stays
 * admin-only, and so are the backups of its database Tandem keeps. Without a credential only the open
 * routes answer (health, API docs, {@code /hello}).
 */
@Component
public class AccessPolicy {

  /** The two APIs Tandem serves. */
  public enum Api { TANDEM, HEKETI }

  /** What the table says: allowed, refused, or allowed for the caller's own pools only. */
  public enum Decision { ALLOW, DENY, SCOPED }

  /**
   * Route classes, in matching order (the first that matches a path is its class). The six
   * decisions are operator, viewer and pool client, each for reads (GET, HEAD, OPTIONS) and writes.
   */
  public enum Route {
    TANDEM_OPEN(Api.TANDEM, "`/actuator/health`, `/actuator/info`, Swagger UI, `/v3/api-docs`",
        "^/actuator/(health(/.*)?|info)$|^/swagger-ui(\\.html|/.*)$|^/v3/api-docs(/.*)?$",
        ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    TANDEM_METRICS(Api.TANDEM, "`/actuator/prometheus`, the other actuator endpoints", "^/actuator(/.*)?$",
        ALLOW, DENY, ALLOW, DENY, DENY, DENY),
    CLIENTS_AND_AUDIT(Api.TANDEM, "`/api/v1/clients/**`, `/api/v1/audit`", "^/api/v1/(clients|audit)(/.*)?$",
        DENY, DENY, DENY, DENY, DENY, DENY),
    POOL_VOLUMES(Api.TANDEM, "`/api/v1/pools/{pool}/volumes/**`", "^/api/v1/pools/(?<pool>[^/]+)/volumes(/.*)?$",
        ALLOW, ALLOW, ALLOW, DENY, SCOPED, SCOPED),
    POOL_OUTPUTS(Api.TANDEM, "`/api/v1/pools/{pool}` and its `fstab`, `storageclass`, `topology`",
        "^/api/v1/pools/(?<pool>[^/]+)(/fstab|/storageclass|/topology)?$", ALLOW, DENY, ALLOW, DENY, SCOPED, DENY),
    OPERATIONS(Api.TANDEM, "`/api/v1/operations/{id}` (its pool checked when read)", "^/api/v1/operations(/.*)?$",
        ALLOW, DENY, ALLOW, DENY, SCOPED, DENY),
    RUNS(Api.TANDEM, "`/api/v1/reconcile`, `/api/v1/pools/{pool}/reconcile`, `/api/v1/jobs/**`,"
        + " `/api/v1/pools/{pool}/devices/{host}/{device}/replace` and `/remove`",
        "^/api/v1/(reconcile|pools/[^/]+/reconcile|jobs(/.*)?|pools/[^/]+/devices/[^/]+/[^/]+/(replace|remove))$",
        ALLOW, ALLOW, ALLOW, DENY, DENY, DENY),
    DRIFT(Api.TANDEM, "`/api/v1/drift`, `/api/v1/pools/{pool}/drift`", "^/api/v1/(drift|pools/[^/]+/drift)$",
        ALLOW, ALLOW, ALLOW, DENY, DENY, DENY),
    HEKETI_BACKUP_FILES(Api.TANDEM, "`/api/v1/heketi/backups/{id}` (a copy of Heketi's database, with its secrets)",
        "^/api/v1/heketi/backups/[^/]+$", DENY, DENY, DENY, DENY, DENY, DENY),
    INVENTORY(Api.TANDEM, "every other `/api/v1` route: platform, hosts, pools, members, devices, topology", "^/api/v1(/.*)?$",
        ALLOW, DENY, ALLOW, DENY, DENY, DENY),
    HEKETI_HELLO(Api.HEKETI, "`/hello`", "^/hello$", ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    HEKETI_METRICS(Api.HEKETI, "`/metrics`", "^/metrics$", ALLOW, DENY, ALLOW, DENY, DENY, DENY),
    HEKETI_VOLUMES(Api.HEKETI, "`/volumes/**`", "^/volumes(/.*)?$", ALLOW, ALLOW, ALLOW, DENY, SCOPED, SCOPED),
    HEKETI_CLUSTERS(Api.HEKETI, "`/clusters/**`", "^/clusters(/.*)?$", ALLOW, DENY, ALLOW, DENY, SCOPED, DENY),
    HEKETI_NODES(Api.HEKETI, "`/nodes/**`", "^/nodes(/.*)?$", ALLOW, DENY, ALLOW, DENY, SCOPED, DENY),
    HEKETI_DEVICE_RESYNC(Api.HEKETI, "`/devices/{id}/resync` (a GET that starts an operation in Heketi)",
        "^/devices/[^/]+/resync$", DENY, DENY, DENY, DENY, DENY, DENY),
    HEKETI_DEVICES(Api.HEKETI, "`/devices/**`", "^/devices(/.*)?$", ALLOW, DENY, ALLOW, DENY, DENY, DENY),
    HEKETI_QUEUE(Api.HEKETI, "`/queue/{id}` (its own operations for a pool client)", "^/queue(/.*)?$", ALLOW, DENY, ALLOW, DENY, SCOPED, DENY),
    HEKETI_ADMINISTRATION(Api.HEKETI, "`/db/**`, `/backup/**`, `/admin/**`, `/internal/**`, `/operations/**`, `/blockvolumes/**`",
        "^/(db|backup|admin|internal|operations|blockvolumes)(/.*)?$", DENY, DENY, DENY, DENY, DENY, DENY);

    private final Api api;
    private final String paths;
    private final Pattern pattern;
    private final Decision[] decisions;

    Route(Api api, String paths, String regex, Decision... decisions) {
      this.api = api;
      this.paths = paths;
      this.pattern = Pattern.compile(regex);
      this.decisions = decisions;
    }

    public Api api() {
      return api;
    }

    /** The paths of this class, as the README's table shows them (Markdown). */
    public String paths() {
      return paths;
    }

    /** Open routes answer without a credential. */
    public boolean open() {
      return this == TANDEM_OPEN || this == HEKETI_HELLO;
    }

    /** The table's cell for this role. */
    public Decision decision(Role role, boolean write) {
      int column = switch (role) {
        case ADMIN -> -1;
        case OPERATOR -> 0;
        case VIEWER -> 2;
        case POOL -> 4;
      };
      return column < 0 ? ALLOW : decisions[column + (write ? 1 : 0)];
    }

    /** The pool named in the path, where the class has one ({pool} on Tandem's API). */
    public Optional<String> pool(String path) {
      Matcher m = pattern.matcher(path);
      return m.matches() && pattern.pattern().contains("(?<pool>") ? Optional.of(m.group("pool")) : Optional.empty();
    }

    /** The class of a decoded path, if it belongs to one of the two APIs' route classes. */
    public static Optional<Route> of(String path) {
      return Arrays.stream(values()).filter(r -> r.pattern.matcher(path).matches()).findFirst();
    }
  }

  /** Heketi's own top-level paths: what the Heketi-compatible API serves at Tandem's root. */
  public static final Set<String> HEKETI_ROOTS = Set.of("hello", "metrics", "clusters", "nodes", "devices",
      "volumes", "queue", "blockvolumes", "backup", "db", "operations", "internal", "admin");

  private final boolean heketiParity;

  AccessPolicy(SecurityProperties properties) {
    this.heketiParity = properties.heketiParity();
  }

  /** Whether a decoded path belongs to the Heketi-compatible API (its first segment is one of Heketi's). */
  public static boolean heketiPath(String path) {
    String first = path.length() > 1 ? path.substring(1).split("/", 2)[0] : "";
    return HEKETI_ROOTS.contains(first);
  }

  /** GET, HEAD and OPTIONS read; every other method writes. */
  public static boolean write(String method) {
    return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
  }

  /**
   * The decision for an authenticated caller. A path of neither API's classes is admin-only on the
   * Heketi-compatible API and open elsewhere (nothing answers there but 404). With {@code
   * tandem.security.heketi-parity}, a client named {@code user} keeps Heketi's rule: the exact path
   * {@code /volumes} only.
   */
  public Decision decide(Caller caller, Api api, String method, String path) {
    if (api == Api.HEKETI && heketiParity && caller.name().equals("user") && !path.equals("/volumes")) {
      return DENY;
    }
    Optional<Route> route = Route.of(path).filter(r -> r.api() == api);
    if (route.isEmpty()) {
      return api == Api.HEKETI && caller.role() != Role.ADMIN ? DENY : ALLOW;
    }
    Decision decision = route.get().decision(caller.role(), write(method));
    if (decision == SCOPED) {
      // where the path names the pool, the scope is decided here; elsewhere where the object is read
      Optional<String> pool = route.get().pool(path);
      return pool.isEmpty() ? SCOPED : inScope(caller, pool.get()) ? ALLOW : DENY;
    }
    return decision;
  }

  /** The scope rule: a pool client may use its own pools; every other role, every pool. */
  public static boolean inScope(Caller caller, String pool) {
    return caller.role() != Role.POOL || caller.pools().contains(pool);
  }

  /**
   * Whether the current caller may see an object of this pool, for the routes the table marks
   * {@link Decision#SCOPED} whose pool is known only once the object is read. No caller (security
   * off, or work outside a request) sees everything.
   */
  public static boolean visible(String pool) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth == null || !(auth.getPrincipal() instanceof Caller caller) || inScope(caller, pool);
  }
}
