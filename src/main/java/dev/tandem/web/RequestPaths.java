package dev.tandem.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.web.util.UriUtils;

/**
 * The one decoding of a request's path, used by authentication ({@code qsh} covers the path as the
 * client signed it, decoded, as Heketi's Go server sees it), the access policy, the audit log and
 * the Heketi-compatible API, and the body limits: the path without the context path and the query, percent-decoded as
 * UTF-8, a {@code +} left as it is (it is a space only in a query).
 */
public final class RequestPaths {

  public static String decoded(HttpServletRequest request) {
    return UriUtils.decode(request.getRequestURI().substring(request.getContextPath().length()),
        StandardCharsets.UTF_8);
  }

  private RequestPaths() {}
}
