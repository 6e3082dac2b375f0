package dev.tandem.drift;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No drift report stored yet (404), or one being made (409): each saying what to do. */
class DriftException extends ErrorResponseException {

  private DriftException(HttpStatus status, ProblemDetail problem) {
    super(status, problem, null);
  }

  static DriftException noReport() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
        "no drift report has been made yet");
    problem.setType(URI.create("urn:tandem:problem:not-found"));
    problem.setTitle("Not found");
    problem.setProperty("fix", "make one now with POST /api/v1/drift (operator or admin), or set"
        + " tandem.drift.interval to make them on a schedule");
    return new DriftException(HttpStatus.NOT_FOUND, problem);
  }

  static DriftException running() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
        "another drift report is being made (on this or another Tandem replica); reports are made one at a time");
    problem.setType(URI.create("urn:tandem:problem:drift-running"));
    problem.setTitle("The request conflicts with the current state");
    problem.setProperty("fix", "wait for it to end, then read it with GET /api/v1/drift");
    return new DriftException(HttpStatus.CONFLICT, problem);
  }
}
