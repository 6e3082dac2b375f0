package dev.tandem.heketi;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Tandem cannot use its Heketi: unreachable or too slow (503, this class; a request that timed out
 * may still have reached Heketi), not configured at all ({@link HeketiNotConfiguredException}), or
 * configured with a Tandem's URL ({@link HeketiLoopException}).
 */
public class HeketiUnavailableException extends ErrorResponseException {

  public HeketiUnavailableException(String what, URI heketi, Throwable cause) {
    super(HttpStatus.SERVICE_UNAVAILABLE, problem(what, heketi, cause), cause);
  }

  protected HeketiUnavailableException(HttpStatusCode status, ProblemDetail problem) {
    super(status, problem, null);
  }

  private static ProblemDetail problem(String what, URI heketi, Throwable cause) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        what + ": Heketi at " + heketi + " is unreachable or did not answer in time ("
            + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")");
    problem.setType(URI.create("urn:tandem:problem:heketi-unavailable"));
    problem.setTitle("Heketi is unavailable");
    return problem;
  }

  /** The answer in Heketi's plain-text style, for the Heketi-compatible API. */
  public String text() {
    return getBody().getTitle() + ": " + getBody().getDetail();
  }
}
