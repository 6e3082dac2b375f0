package dev.tandem.heketi;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The URL Tandem uses for Heketi answered 508 Loop Detected: it is a Tandem (this one or a
 * replica), which refuses requests that already passed through a Tandem ({@link HopMarker}).
 */
public class HeketiLoopException extends HeketiUnavailableException {

  public HeketiLoopException(String what, URI heketi, String answer) {
    super(HttpStatus.LOOP_DETECTED, problem(what, heketi, answer));
  }

  private static ProblemDetail problem(String what, URI heketi, String answer) {
    String fix = "set TANDEM_HEKETI_URL (tandem.heketi.url) to Heketi's own URL, never to a Tandem's";
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.LOOP_DETECTED,
        what + ": the Heketi URL " + heketi + " points at a Tandem, not at a Heketi (it answered 508: "
            + answer + "); " + fix);
    problem.setType(URI.create("urn:tandem:problem:heketi-loop"));
    problem.setTitle("The Heketi URL points at a Tandem");
    problem.setProperty("errors", List.of(Map.of("field", "tandem.heketi.url", "message",
        heketi + " is a Tandem", "fix", fix)));
    return problem;
  }
}
