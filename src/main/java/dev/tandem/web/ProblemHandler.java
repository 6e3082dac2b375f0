package dev.tandem.web;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * Every error as an RFC 9457 problem ({@code application/problem+json}): Spring MVC's own errors
 * through {@link ResponseEntityExceptionHandler}, unreadable bodies with the position and the field
 * at fault, writes the database refused by the constraint at fault ({@link IntegrityProblems}), and
 * anything unexpected as a 500 that shows nothing internal.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    BodyTooLargeException tooLarge = findCause(ex, BodyTooLargeException.class);
    if (tooLarge != null) {
      return tooLarge(tooLarge);
    }
    ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
    problem.setType(URI.create("urn:tandem:problem:malformed-body"));
    problem.setTitle("The request body cannot be read");
    JacksonException cause = findCause(ex, JacksonException.class);
    if (cause == null) {
      problem.setDetail("the request body is missing or unreadable");
      problem.setProperty("errors", List.of(Map.of("field", "", "message", problem.getDetail(),
          "fix", "send the document as JSON or YAML with a matching Content-Type")));
      return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }
    String field = field(cause);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("field", field);
    error.put("message", message(cause));
    error.put("fix", fix(cause));
    TokenStreamLocation location = cause.getLocation();
    if (location != null && location.getLineNr() > 0) {
      problem.setProperty("line", location.getLineNr());
      problem.setProperty("column", location.getColumnNr());
      error.put("line", location.getLineNr());
      error.put("column", location.getColumnNr());
    }
    problem.setDetail((field.isEmpty() ? "" : field + ": ") + error.get("message")
        + (location != null && location.getLineNr() > 0
            ? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : ""));
    problem.setProperty("errors", List.of(error));
    return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  /** A body that Bean Validation refused: every field at fault, with the fix. */
  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<Map<String, Object>> errors = new ArrayList<>();
    for (FieldError error : ex.getBindingResult().getFieldErrors()) {
      errors.add(error(error.getField(), error.getDefaultMessage(), error.getRejectedValue()));
    }
    ex.getBindingResult().getGlobalErrors().forEach(e -> errors.add(error("", e.getDefaultMessage(), null)));
    return handleExceptionInternal(ex, invalid(errors), headers, HttpStatus.BAD_REQUEST, request);
  }

  /** Path or query parameters that validation refused. */
  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<Map<String, Object>> errors = new ArrayList<>();
    ex.getParameterValidationResults().forEach(result -> {
      if (result instanceof ParameterErrors body) {
        body.getFieldErrors().forEach(e -> errors.add(error(e.getField(), e.getDefaultMessage(), e.getRejectedValue())));
      } else {
        result.getResolvableErrors().forEach(e -> errors.add(
            error(result.getMethodParameter().getParameterName(), e.getDefaultMessage(), result.getArgument())));
      }
    });
    return handleExceptionInternal(ex, invalid(errors), headers, HttpStatus.BAD_REQUEST, request);
  }

  /** Method validation outside Spring MVC's own (e.g. a @Validated bean): still the caller's fault. */
  @ExceptionHandler(ConstraintViolationException.class)
  ProblemDetail constraintViolation(ConstraintViolationException ex) {
    List<Map<String, Object>> errors = new ArrayList<>();
    ex.getConstraintViolations().forEach(v -> {
      String path = v.getPropertyPath().toString();
      errors.add(error(path.substring(path.lastIndexOf('.') + 1), v.getMessage(), v.getInvalidValue()));
    });
    return invalid(errors);
  }

  private static ProblemDetail invalid(List<Map<String, Object>> errors) {
    ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
    problem.setType(URI.create("urn:tandem:problem:invalid-field"));
    problem.setTitle("A field has an invalid value");
    problem.setDetail(errors.isEmpty() ? "the request is invalid"
        : errors.get(0).get("field") + ": " + errors.get(0).get("message")
            + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more, see errors)" : ""));
    problem.setProperty("errors", errors);
    return problem;
  }

  private static Map<String, Object> error(String field, String message, Object rejected) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("field", field == null ? "" : field);
    error.put("message", message);
    String shown = String.valueOf(rejected);
    error.put("fix", rejected == null ? "give a value" : "replace '"
        + (shown.length() > 64 ? shown.substring(0, 64) + "…" : shown) + "'");
    return error;
  }

  /**
   * A body over its route's limit ({@link BodyLimitFilter}): 413 with {@code Connection: close}, so
   * Tomcat drains at most {@code server.tomcat.max-swallow-size} of the rest and closes the
   * connection. The Heketi-compatible API answers in Heketi's plain text.
   */
  @ExceptionHandler(BodyTooLargeException.class)
  ResponseEntity<Object> tooLarge(BodyTooLargeException ex) {
    String fix = "send a smaller body, or raise " + ex.route().property();
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
        .header(HttpHeaders.CONNECTION, "close");
    if (ex.route() == BodyRoute.HEKETI) {
      return answer.contentType(MediaType.parseMediaType("text/plain; charset=utf-8"))
          .header("X-Content-Type-Options", "nosniff").body(ex.getMessage() + "; " + fix + "\n");
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
    problem.setType(URI.create("urn:tandem:problem:body-too-large"));
    problem.setTitle("The request body is too large");
    problem.setProperty("errors", List.of(Map.of("field", "", "message", ex.getMessage(), "fix", fix)));
    return answer.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  /** A write the database refused: the constraint's field and fix when the migrations name it. */
  @ExceptionHandler(DataIntegrityViolationException.class)
  ProblemDetail integrity(DataIntegrityViolationException ex) {
    log.info("write refused by the database: {}", ex.getMostSpecificCause().getMessage());
    return IntegrityProblems.of(ex);
  }

  @ExceptionHandler(PessimisticLockingFailureException.class)
  ResponseEntity<ProblemDetail> busy(PessimisticLockingFailureException ex) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        "the inventory is busy with another change; try again");
    problem.setType(URI.create("urn:tandem:problem:busy"));
    problem.setTitle("Busy");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception ex) {
    log.error("unexpected error", ex);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
        "Tandem failed to handle this request; the error is in its log");
    problem.setType(URI.create("urn:tandem:problem:internal"));
    problem.setTitle("Internal error");
    return problem;
  }

  /** The JSON path of the fault, e.g. pools[1].members[0].zone. */
  static String field(JacksonException ex) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference ref : ex.getPath()) {
      if (ref.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String message(JacksonException ex) {
    if (ex instanceof PropertyBindingException unknown) {
      return "unknown field '" + unknown.getPropertyName() + "'";
    }
    if (ex instanceof InvalidFormatException invalid) {
      return "'" + invalid.getValue() + "' is not " + describe(invalid.getTargetType());
    }
    if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return "expected " + describe(mismatch.getTargetType());
    }
    String original = ex.getOriginalMessage();
    return "malformed document: " + (original == null ? ex.getClass().getSimpleName() : firstLine(original));
  }

  private static String fix(JacksonException ex) {
    if (ex instanceof PropertyBindingException unknown && unknown.getKnownPropertyIds() != null) {
      List<String> known = new ArrayList<>();
      unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
      known.sort(null);
      return "remove it; the known fields here are " + known;
    }
    if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return "give " + describe(mismatch.getTargetType());
    }
    return "correct the document at the position given";
  }

  private static String describe(Class<?> type) {
    if (type.isEnum()) {
      return "one of " + Stream.of(type.getEnumConstants())
          .map(c -> ((Enum<?>) c).name().toLowerCase().replace('_', '-'))
          .collect(Collectors.joining(", ", "[", "]"));
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }

  private static String firstLine(String text) {
    String line = text.lines().findFirst().orElse(text)
        .replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
        .replaceAll("\\s*at \\[Source:[^\\]]*\\]", "");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /** The first cause of the given type in the chain, or null. */
  static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
