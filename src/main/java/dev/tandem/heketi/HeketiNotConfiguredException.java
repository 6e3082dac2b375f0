package dev.tandem.heketi;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Tandem has no Heketi URL: neither {@code tandem.heketi.url} nor one recorded by {@code deploy-heketi}. 503. */
public class HeketiNotConfiguredException extends HeketiUnavailableException {

  /** How to give Tandem a Heketi, in one sentence (the start log and health say it too). */
  public static final String FIX = "set TANDEM_HEKETI_URL (tandem.heketi.url) and TANDEM_HEKETI_ADMIN_KEY to your"
      + " Heketi, or run the deploy-heketi job (POST /api/v1/jobs {\"type\":\"deploy-heketi\"}), which starts one"
      + " and records its URL";

  public HeketiNotConfiguredException(String what) {
    super(HttpStatus.SERVICE_UNAVAILABLE, problem(what));
  }

  private static ProblemDetail problem(String what) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        what + ": Tandem has no Heketi URL; " + FIX);
    problem.setType(URI.create("urn:tandem:problem:heketi-not-configured"));
    problem.setTitle("Heketi is not configured");
    problem.setProperty("errors", List.of(Map.of("field", "tandem.heketi.url", "message", "not set", "fix", FIX)));
    return problem;
  }
}
