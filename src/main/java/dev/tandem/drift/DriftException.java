package dev.tandem.drift;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No drift report stored yet: 404, saying how to make one. */
class DriftException extends ErrorResponseException {

  private DriftException(ProblemDetail problem) {
    super(HttpStatus.NOT_FOUND, problem, null);
  }

  static DriftException noReport() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
        "no drift report has been made yet");
    problem.setType(URI.create("urn:tandem:problem:not-found"));
    problem.setTitle("Not found");
    problem.setProperty("fix", "make one now with POST /api/v1/drift (operator or admin), or set"
        + " tandem.drift.interval to make them on a schedule");
    return new DriftException(problem);
  }
}
