package dev.tandem.web;

import jakarta.servlet.http.HttpServletRequest;

/** The route classes that each have their own body limit ({@code tandem.web.max-body.<property>}). */
enum BodyRoute {
  HEKETI("heketi"), API("api"), PLATFORM("platform");

  private final String property;

  BodyRoute(String property) {
    this.property = property;
  }

  /** The configuration property that sets this class's limit. */
  String property() {
    return "tandem.web.max-body." + property;
  }

  static BodyRoute of(HttpServletRequest request) {
    String path = RequestPaths.decoded(request);
    if (!path.startsWith("/api/")) {
      return HEKETI;
    }
    return request.getMethod().equals("PUT") && path.equals("/api/v1/platform") ? PLATFORM : API;
  }

  long limit(WebProperties.MaxBody limits) {
    return switch (this) {
      case HEKETI -> limits.heketi().toBytes();
      case API -> limits.api().toBytes();
      case PLATFORM -> limits.platform().toBytes();
    };
  }
}
