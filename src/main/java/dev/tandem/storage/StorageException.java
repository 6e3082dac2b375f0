package dev.tandem.storage;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A storage request Tandem refuses, as a problem with a stable type, the reason and the fix. */
class StorageException extends ErrorResponseException {

  StorageException(HttpStatus status, String type, String detail, String fix) {
    this(status, type, "", detail, fix);
  }

  StorageException(HttpStatus status, String type, String field, String detail, String fix) {
    super(status, problem(status, type, field, detail, fix), null);
  }

  private static ProblemDetail problem(HttpStatus status, String type, String field, String detail, String fix) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("urn:tandem:problem:" + type));
    problem.setTitle(switch (status) {
      case NOT_FOUND -> "Not found";
      case CONFLICT -> "The request conflicts with the current state";
      default -> "The request cannot be carried out";
    });
    problem.setProperty("errors", List.of(Map.of("field", field, "message", detail, "fix", fix)));
    return problem;
  }
}
