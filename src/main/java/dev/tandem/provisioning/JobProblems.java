package dev.tandem.provisioning;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The problems the jobs API answers, each with its stable type, the field at fault and the fix. */
final class JobProblems {

  /** 400: the request itself is malformed. */
  static ErrorResponseException invalid(String field, String message, String fix) {
    return problem(HttpStatus.BAD_REQUEST, "invalid-field", "A field has an invalid value", field, message, fix);
  }

  /** 404: no such job. */
  static ErrorResponseException notFound(String id) {
    return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "", "there is no job " + id,
        "list the jobs: GET /api/v1/jobs");
  }

  /** 409: the job's state does not allow it. */
  static ErrorResponseException conflict(String message, String fix) {
    return problem(HttpStatus.CONFLICT, "conflict", "The request conflicts with the job's state", "", message, fix);
  }

  /** 403: the caller's role may not run this job. */
  static ErrorResponseException forbidden(String message, String fix) {
    return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "type", message, fix);
  }

  /** 422: the job cannot be planned for this inventory. */
  static ErrorResponseException refused(String message, String fix) {
    return refused("", message, fix);
  }

  /** 422: the job cannot be planned for this inventory, because of what {@code field} names. */
  static ErrorResponseException refused(String field, String message, String fix) {
    return problem(HttpStatus.UNPROCESSABLE_ENTITY, "job-refused", "The job cannot be planned", field, message, fix);
  }

  /** 503: the queue, shared by every replica, is full. */
  static ErrorResponseException queueFull(int threads, int queue) {
    return problem(HttpStatus.SERVICE_UNAVAILABLE, "job-queue-full", "Too many jobs are waiting", "",
        queue + " jobs already wait (state queued) for a job thread (" + threads + " per replica), on every replica"
            + " together; this one was not started", "wait for a job to end and repeat the request, or raise"
            + " tandem.provisioning.job-threads / tandem.provisioning.job-queue");
  }

  private static ErrorResponseException problem(HttpStatus status, String type, String title, String field,
      String message, String fix) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, (field.isEmpty() ? "" : field + ": ") + message);
    problem.setType(URI.create("urn:tandem:problem:" + type));
    problem.setTitle(title);
    problem.setProperty("errors", List.of(Map.of("field", field, "message", message, "fix", fix)));
    return new ErrorResponseException(status, problem, null);
  }

  private JobProblems() {}
}
