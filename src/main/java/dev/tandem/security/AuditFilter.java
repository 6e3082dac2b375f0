package dev.tandem.security;

import dev.tandem.web.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every mutation (any method but GET, HEAD and OPTIONS) on Tandem's API and on the
 * Heketi-compatible API, refused ones included: who (the authenticated client, or "anonymous"),
 * what (method, path, pool, object), when, and the answer's status. It runs outside the security
 * filters so that refusals are recorded too. The request and answer bodies are never read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AuditFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);
  private static final Pattern POOL_PATH = Pattern.compile("^/api/v1/pools/([^/]+)(?:/(.+))?$");
  private static final Pattern API_OBJECT = Pattern.compile("^/api/v1/(.+)$");
  private static final Pattern HEKETI_OBJECT = Pattern.compile("^/[a-z]+/([A-Za-z0-9_-]+)");

  private final AuditLog audit;

  AuditFilter(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String method = request.getMethod();
    if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
      return true;
    }
    String path = RequestPaths.decoded(request);
    return !(path.startsWith("/api/") || AccessPolicy.heketiPath(path));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } finally {
      String path = RequestPaths.decoded(request);
      boolean heketi = !path.startsWith("/api/");
      String pool = (String) request.getAttribute(AuditLog.POOL);
      String object = (String) request.getAttribute(AuditLog.OBJECT);
      Matcher m = POOL_PATH.matcher(path);
      Matcher api = API_OBJECT.matcher(path);
      if (!heketi && m.matches()) {
        pool = pool != null ? pool : m.group(1);
        object = object != null ? object : m.group(2);
      } else if (!heketi && api.matches()) {
        object = object != null ? object : api.group(1);
      } else if (heketi && object == null) {
        Matcher h = HEKETI_OBJECT.matcher(path);
        object = h.find() ? h.group(1) : null;
      }
      Object actor = request.getAttribute(AuditLog.ACTOR);
      try {
        audit.record(actor == null ? "anonymous" : actor.toString(), heketi ? "heketi" : "tandem",
            request.getMethod(), path, pool, object, response.getStatus());
      } catch (RuntimeException e) {
        log.error("could not record the audit event of {} {}", request.getMethod(), path, e);
      }
    }
  }
}
