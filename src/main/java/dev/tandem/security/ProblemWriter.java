package dev.tandem.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the security filters' refusals (401, 403, 415) as problems, before Spring MVC. A 401 names
 * the Bearer scheme, never Basic: a Basic challenge makes a browser prompt for the secret and then
 * send it along with any request a web page makes; Basic is still accepted from clients that send it
 * unasked (curl -u, Swagger UI, automation).
 */
@Component
class ProblemWriter {

  private final JsonMapper json;

  ProblemWriter(JsonMapper json) {
    this.json = json;
  }

  void write(HttpServletResponse response, HttpStatus status, String type, String detail, String instance)
      throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("urn:tandem:problem:" + type));
    problem.setTitle(status.getReasonPhrase());
    problem.setInstance(URI.create(instance));
    byte[] body = json.writeValueAsBytes(problem);
    response.setStatus(status.value());
    if (status == HttpStatus.UNAUTHORIZED) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"tandem\"");
    }
    response.setContentType("application/problem+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
