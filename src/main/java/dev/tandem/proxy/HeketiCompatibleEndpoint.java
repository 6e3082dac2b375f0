package dev.tandem.proxy;

import dev.tandem.security.AccessPolicy;
import dev.tandem.security.AuditLog;
import dev.tandem.security.HeketiEndpoint;
import dev.tandem.web.RequestPaths;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Heketi's routes at Tandem's root ({@link AccessPolicy#HEKETI_ROOTS}), answered at the end of their
 * security filter chain ({@link HeketiEndpoint}). Not in Tandem's OpenAPI document: its contract is
 * Heketi's own API, as heketi-cli and the Kubernetes glusterfs provisioner use it.
 */
@Component
class HeketiCompatibleEndpoint implements HeketiEndpoint {

  /** The characters of Heketi's paths: ids are hex, names are words. */
  private static final Pattern SAFE_PATH = Pattern.compile("^[A-Za-z0-9/_.-]*$");
  /** Roots with nothing below them. */
  private static final Set<String> EXACT_ONLY = Set.of("/hello", "/metrics");
  private static final String ALLOW = "GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS";

  private final HeketiProxy proxy;

  HeketiCompatibleEndpoint(HeketiProxy proxy) {
    this.proxy = proxy;
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = RequestPaths.decoded(request);
    // the http.server.requests metric's uri: the route's root, as a handler's pattern would name it
    int second = path.indexOf('/', 1);
    String pattern = second < 0 ? path : path.substring(0, second) + "/**";
    ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(pattern));
    if (!SAFE_PATH.matcher(path).matches() || second >= 0 && EXACT_ONLY.contains(path.substring(0, second))) {
      // nothing of Heketi's lives at such a path; and a decoded '?', '#' or space must never reach the backend URL
      write(response, Answer.error(404, "Invalid path or request"));
      return;
    }
    if (request.getMethod().equals("OPTIONS")) {
      // answered here, as Spring MVC answered it for a route of every method: nothing to authenticate or forward
      response.setStatus(200);
      response.setHeader("Allow", ALLOW);
      response.setContentLength(0);
      return;
    }
    String query = request.getQueryString();
    if (query != null && !wellFormed(query)) {
      write(response, Answer.error(400, "Invalid path or request"));
      return;
    }
    // a read carries no body to Heketi; a write's media type is JSON (checked before) with a charset Java knows
    boolean read = !AccessPolicy.write(request.getMethod());
    String contentType = read ? null : request.getContentType();
    if (contentType != null && !knownCharset(contentType)) {
      write(response, Answer.error(415, "Unsupported Content-Type " + contentType));
      return;
    }
    HeketiProxy.Outcome outcome = proxy.handle(new HeketiProxy.Incoming(request.getMethod(), path, query,
        request.getHeader("Authorization"), contentType, read ? null : request.getInputStream().readAllBytes()));
    request.setAttribute(AuditLog.ACTOR, outcome.actor());
    request.setAttribute(AuditLog.POOL, outcome.pool());
    request.setAttribute(AuditLog.OBJECT, outcome.object());
    write(response, outcome.answer());
  }

  /** Whether the raw query is one a URI may carry (a malformed escape such as {@code %zz} is not). */
  private static boolean wellFormed(String query) {
    try {
      URI.create("/?" + query);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean knownCharset(String contentType) {
    try {
      MediaType.parseMediaType(contentType).getCharset();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void write(HttpServletResponse response, Answer answer) throws IOException {
    response.setStatus(answer.status());
    answer.headers().forEach(response::setHeader);
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
  }
}
