package dev.tandem.proxy;

import dev.tandem.heketi.HopMarker;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, at once and before authentication, a request that already passed through a Tandem (its
 * {@code Via} names a {@link HopMarker tandem-* hop}): only a Tandem whose Heketi URL points at a
 * Tandem (itself or a replica) sends one, and relaying it would call Tandem again until every
 * connection is held. The answer is Heketi-style plain text, 508 Loop Detected, which the sending
 * Tandem turns into a problem naming its misconfigured URL.
 */
class LoopGuard extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<String> hop = HopMarker.tandemHop(Collections.list(request.getHeaders("Via")));
    if (hop.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    Answer answer = Answer.error(508, "Loop detected: this request already passed through Tandem " + hop.get()
        + ", so that Tandem's Heketi URL (tandem.heketi.url, or the URL deploy-heketi recorded) points at a Tandem,"
        + " not at a Heketi; set it to Heketi's own URL");
    response.setStatus(answer.status());
    answer.headers().forEach(response::setHeader);
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
  }
}
