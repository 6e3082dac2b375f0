package dev.tandem.security;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request about clients or audit that Tandem refuses, as a problem naming the field and the fix. */
class ClientException extends ErrorResponseException {

  ClientException(HttpStatus status, String type, String field, String detail, String fix) {
    super(status, problem(status, type, field, detail, fix), null);
  }

  static ProblemDetail problem(HttpStatus status, String type, String field, String detail, String fix) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("urn:tandem:problem:" + type));
    problem.setTitle(status.getReasonPhrase());
    problem.setProperty("errors", List.of(Map.of("field", field, "message", detail, "fix", fix)));
    return problem;
  }
}
