package dev.tandem.proxy;

import dev.tandem.security.AuditLog;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Heketi's routes at Tandem's root. Not in Tandem's OpenAPI document: its contract is Heketi's
 * (../shared/heketi/CLIENT-CONTRACT.md).
 */
@Hidden
@RestController
class HeketiCompatibleController {

  private final HeketiProxy proxy;

  HeketiCompatibleController(HeketiProxy proxy) {
    this.proxy = proxy;
  }

  @RequestMapping({"/hello", "/metrics", "/clusters", "/clusters/**", "/nodes", "/nodes/**", "/devices",
      "/devices/**", "/volumes", "/volumes/**", "/queue/**", "/blockvolumes", "/blockvolumes/**", "/backup/**",
      "/db/**", "/operations", "/operations/**", "/internal/**", "/admin", "/admin/**"})
  void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = URLDecoder.decode(request.getRequestURI().substring(request.getContextPath().length())
        .replace("+", "%2B"), StandardCharsets.UTF_8);
    HeketiProxy.Outcome outcome = proxy.handle(new HeketiProxy.Incoming(request.getMethod(), path,
        request.getQueryString(), request.getHeader("Authorization"), request.getContentType(),
        request.getInputStream().readAllBytes()));
    request.setAttribute(AuditLog.ACTOR, outcome.actor());
    request.setAttribute(AuditLog.POOL, outcome.pool());
    request.setAttribute(AuditLog.OBJECT, outcome.object());
    Answer answer = outcome.answer();
    response.setStatus(answer.status());
    answer.headers().forEach(response::setHeader);
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
  }
}
