package dev.tandem.web;

import java.io.IOException;

/**
 * A request body over its route's limit: declared so (Content-Length) or found so while reading.
 * An {@link IOException}, because it is thrown where the body is read; {@link ProblemHandler} turns
 * it into a 413 that closes the connection.
 */
public class BodyTooLargeException extends IOException {

  private final transient BodyRoute route;
  private final long limit;

  BodyTooLargeException(BodyRoute route, long limit) {
    super("the request body is larger than " + limit + " bytes, the limit of " + route.property());
    this.route = route;
    this.limit = limit;
  }

  BodyRoute route() {
    return route;
  }

  long limit() {
    return limit;
  }
}
