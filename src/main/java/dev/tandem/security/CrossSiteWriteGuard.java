package dev.tandem.security;

import dev.tandem.web.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses what a web page can make a browser send to Tandem with the credentials it has cached, on
 * both APIs, before authentication. A write (any method but GET, HEAD, OPTIONS) is refused with 403
 * when the browser says it comes from another site ({@code Sec-Fetch-Site: cross-site} or {@code
 * same-site}) or when its {@code Origin} is neither Tandem's own (scheme, host and port of the
 * request) nor one of {@code tandem.security.trusted-origins}: the check of Go's
 * CrossOriginProtection and of current frameworks. A write with a body must carry a media type the
 * API documents (JSON, or YAML on Tandem's API), else 415: form, multipart and text bodies are what a
 * page can send without asking. curl and automation send neither header and are not affected.
 */
class CrossSiteWriteGuard extends OncePerRequestFilter {

  private static final Set<String> OTHER_SITES = Set.of("cross-site", "same-site");
  private static final List<MediaType> TANDEM_BODIES = List.of(MediaType.APPLICATION_JSON,
      new MediaType("application", "*+json"), MediaType.APPLICATION_YAML, new MediaType("application", "x-yaml"));
  private static final List<MediaType> HEKETI_BODIES = List.of(MediaType.APPLICATION_JSON);

  private final Set<String> trustedOrigins;
  private final ProblemWriter problems;

  CrossSiteWriteGuard(List<String> trustedOrigins, ProblemWriter problems) {
    this.trustedOrigins = Set.copyOf(trustedOrigins.stream().map(CrossSiteWriteGuard::normalized).toList());
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!AccessPolicy.write(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    boolean heketi = AccessPolicy.heketiPath(RequestPaths.decoded(request));
    String origin = request.getHeader("Origin");
    boolean trusted = origin != null && trustedOrigins.contains(normalized(origin));
    String site = request.getHeader("Sec-Fetch-Site");
    if (!trusted && (site != null && OTHER_SITES.contains(site.toLowerCase(Locale.ROOT))
        || origin != null && !normalized(origin).equals(own(request)))) {
      refuse(request, response, heketi, HttpStatus.FORBIDDEN, "cross-site-write",
          "a write from another site (Origin " + origin + ", Sec-Fetch-Site " + site + ") is refused; call Tandem"
              + " from its own origin, from a client that sends no Origin (curl, automation), or list the origin"
              + " in tandem.security.trusted-origins");
      return;
    }
    if (hasBody(request) && !documented(request.getContentType(), heketi ? HEKETI_BODIES : TANDEM_BODIES)) {
      refuse(request, response, heketi, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
          "Content-Type " + request.getContentType() + " is not accepted here: send the body as application/json"
              + (heketi ? "" : " (or application/yaml for the platform spec)")
              + ", e.g. curl --json '{...}' or -H 'Content-Type: application/json'");
      return;
    }
    chain.doFilter(request, response);
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, boolean heketi, HttpStatus status,
      String type, String detail) throws IOException {
    if (!heketi) {
      problems.write(response, status, type, detail, request.getRequestURI());
      return;
    }
    // the Heketi-compatible API answers errors as Go's http.Error does: plain text and a newline
    byte[] body = (detail + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status.value());
    response.setContentType("text/plain; charset=utf-8");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  private static boolean documented(String contentType, List<MediaType> accepted) {
    if (contentType == null) {
      return false;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return accepted.stream().anyMatch(a -> a.includes(type));
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  /** The request's own origin, as a browser would write it (default ports left out). */
  private static String own(HttpServletRequest request) {
    return normalized(request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort());
  }

  /** scheme://host[:port] in lowercase, the scheme's default port left out; "null" and garbage stay as they are. */
  private static String normalized(String origin) {
    try {
      URI uri = URI.create(origin.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        return origin;
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      boolean defaultPort = port < 0 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    } catch (IllegalArgumentException e) {
      return origin;
    }
  }
}
