package dev.tandem.inventory;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request the inventory refuses, as an RFC 9457 problem: its status comes from the most decisive
 * violation (400 before 409 before 422) and every violation is listed under {@code errors}.
 */
public class InventoryException extends ErrorResponseException {

  private final transient List<Violation> violations;

  public InventoryException(List<Violation> violations) {
    super(HttpStatus.valueOf(decisive(violations).kind().status), problem(violations), null);
    this.violations = List.copyOf(violations);
  }

  /** A single violation. */
  public static InventoryException of(Violation.Kind kind, String field, String message, String fix) {
    return new InventoryException(List.of(new Violation(kind, field, message, fix)));
  }

  /** A name in the request path that names nothing: 404. */
  public static NotFound notFound(String what, String name) {
    return new NotFound(what, name);
  }

  public List<Violation> violations() {
    return violations;
  }

  private static Violation decisive(List<Violation> violations) {
    return violations.stream().min(Comparator.comparing(Violation::kind)).orElseThrow();
  }

  private static ProblemDetail problem(List<Violation> violations) {
    Violation first = decisive(violations);
    ProblemDetail problem = ProblemDetail.forStatus(first.kind().status);
    String slug = switch (first.kind()) {
      case INVALID -> "invalid-field";
      case REFERENCE -> "unknown-reference";
      case CONFLICT -> "conflict";
      case RULE -> "platform-rule";
    };
    problem.setType(URI.create("urn:tandem:problem:" + slug));
    problem.setTitle(switch (first.kind()) {
      case INVALID -> "A field has an invalid value";
      case REFERENCE -> "The request names something that does not exist";
      case CONFLICT -> "The request conflicts with the inventory";
      case RULE -> "The request breaks a platform rule";
    });
    String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more, see errors)" : "";
    problem.setDetail(first.field() + ": " + first.message() + more);
    problem.setProperty("errors", violations);
    return problem;
  }

  /** 404: the path names no such object. */
  public static class NotFound extends ErrorResponseException {
    NotFound(String what, String name) {
      super(HttpStatus.NOT_FOUND, notFoundProblem(what, name), null);
    }

    private static ProblemDetail notFoundProblem(String what, String name) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
          "There is no " + what + " named '" + name + "'");
      problem.setType(URI.create("urn:tandem:problem:not-found"));
      problem.setTitle("Not found");
      return problem;
    }
  }
}
