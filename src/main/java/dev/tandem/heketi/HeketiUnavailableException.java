package dev.tandem.heketi;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Heketi cannot be reached, or did not answer in time: 503, saying so. */
public class HeketiUnavailableException extends ErrorResponseException {

  public HeketiUnavailableException(String what, URI heketi, Throwable cause) {
    super(HttpStatus.SERVICE_UNAVAILABLE, problem(what, heketi, cause), cause);
  }

  private static ProblemDetail problem(String what, URI heketi, Throwable cause) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        what + ": Heketi at " + heketi + " is unreachable or did not answer in time ("
            + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")");
    problem.setType(URI.create("urn:tandem:problem:heketi-unavailable"));
    problem.setTitle("Heketi is unavailable");
    return problem;
  }
}
