package dev.tandem.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may call what on Tandem's own API, by role. Admin: everything. Viewer: reads, but not the
 * client registry or the audit log. Operator: what a viewer may, plus volumes, reconcile and jobs.
 * Pool client: its own pools' volumes and outputs (scoped operations are checked where they are
 * read). Metrics and other actuator endpoints: any role but pool clients.
 */
public final class AccessRules {

  private static final Pattern POOL_PATH =
      Pattern.compile("^/api/v1/pools/([^/]+)(/volumes(/.*)?|/fstab|/storageclass|/topology)?$");
  private static final Pattern OPERATOR_WRITES = Pattern.compile(
      "^/api/v1/(pools/[^/]+/volumes(/.*)?|pools/[^/]+/reconcile|reconcile|jobs(/.*)?)$");
  private static final Pattern ADMIN_ONLY = Pattern.compile("^/api/v1/(clients|audit)(/.*)?$");

  public static boolean allowed(Caller caller, String method, String path) {
    boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    if (path.startsWith("/actuator")) {
      return caller.role() != Role.POOL;
    }
    if (!path.startsWith("/api/v1/")) {
      return true;
    }
    return switch (caller.role()) {
      case ADMIN -> true;
      case VIEWER -> read && !ADMIN_ONLY.matcher(path).matches();
      case OPERATOR -> (read && !ADMIN_ONLY.matcher(path).matches()) || OPERATOR_WRITES.matcher(path).matches();
      case POOL -> poolClientMay(caller, method, path, read);
    };
  }

  private static boolean poolClientMay(Caller caller, String method, String path, boolean read) {
    if (read && path.startsWith("/api/v1/operations/")) {
      return true;
    }
    Matcher m = POOL_PATH.matcher(path);
    if (!m.matches() || !caller.pools().contains(m.group(1))) {
      return false;
    }
    boolean volumes = m.group(2) != null && m.group(2).startsWith("/volumes");
    return read || (volumes && !method.equals("PUT"));
  }

  private AccessRules() {}
}
