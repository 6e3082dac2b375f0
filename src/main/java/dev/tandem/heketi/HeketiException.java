package dev.tandem.heketi;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Heketi refused or failed a request. The problem carries Heketi's own status and plain-text message
 * ({@code upstreamStatus}, {@code upstreamMessage}); Tandem's status says what it means for the
 * caller: Heketi's 4xx keep their status (400 and 422 become 422: Tandem built the request), a
 * Heketi failure is a 502, and a busy Heketi a 503.
 */
public class HeketiException extends ErrorResponseException {

  private final int upstreamStatus;
  private final String upstreamMessage;

  public HeketiException(String what, int upstreamStatus, String upstreamMessage) {
    super(statusFor(upstreamStatus), problem(what, upstreamStatus, upstreamMessage), null);
    this.upstreamStatus = upstreamStatus;
    this.upstreamMessage = upstreamMessage;
  }

  public int upstreamStatus() {
    return upstreamStatus;
  }

  public String upstreamMessage() {
    return upstreamMessage;
  }

  /** Heketi answered "Id not found": the object is gone. */
  public boolean isNotFound() {
    return upstreamStatus == 404 && "Id not found".equals(upstreamMessage);
  }

  /** What a Heketi status means for Tandem's caller. */
  public static HttpStatus statusFor(int upstream) {
    return switch (upstream) {
      case 400, 422 -> HttpStatus.UNPROCESSABLE_ENTITY;
      case 404 -> HttpStatus.NOT_FOUND;
      case 409 -> HttpStatus.CONFLICT;
      case 429, 503 -> HttpStatus.SERVICE_UNAVAILABLE;
      default -> HttpStatus.BAD_GATEWAY;
    };
  }

  private static ProblemDetail problem(String what, int upstreamStatus, String upstreamMessage) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusFor(upstreamStatus),
        what + ": Heketi answered " + upstreamStatus + ": " + upstreamMessage);
    problem.setType(URI.create("urn:tandem:problem:heketi"));
    problem.setTitle("Heketi refused or failed the request");
    problem.setProperty("upstreamStatus", upstreamStatus);
    problem.setProperty("upstreamMessage", upstreamMessage);
    return problem;
  }
}
