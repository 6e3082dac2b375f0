package dev.tandem.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Bounds every request body by its route's limit ({@link WebProperties.MaxBody}) before anything
 * reads it, authentication included: a declared Content-Length over the limit is refused without
 * reading a byte, and any other body can only be read through {@link BoundedRequest}. The refusal
 * is rendered by {@link ProblemHandler}, as for a body found too large while reading.
 */
class BodyLimitFilter extends OncePerRequestFilter {

  private final WebProperties.MaxBody limits;
  private final HandlerExceptionResolver problems;

  BodyLimitFilter(WebProperties.MaxBody limits, HandlerExceptionResolver problems) {
    this.limits = limits;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    BodyRoute route = BodyRoute.of(request);
    long limit = route.limit(limits);
    if (request.getContentLengthLong() > limit) {
      problems.resolveException(request, response, null, new BodyTooLargeException(route, limit));
      return;
    }
    chain.doFilter(new BoundedRequest(request, route, limit), response);
  }
}
