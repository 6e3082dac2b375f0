package dev.tandem.security;

import dev.tandem.web.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates Tandem's API: HTTP Basic with a client's name and secret (what a curl user types),
 * or a Heketi-style bearer JWT signed with the client's secret. A credential that is present but
 * wrong is answered 401 at once; no credential leaves the request anonymous for the access rules.
 */
class AuthenticationFilter extends OncePerRequestFilter {

  private final ClientService clients;
  private final HeketiJwtVerifier jwt;
  private final ProblemWriter problems;

  AuthenticationFilter(ClientService clients, HeketiJwtVerifier jwt, ProblemWriter problems) {
    this.clients = clients;
    this.jwt = jwt;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header == null || header.isBlank()) {
      chain.doFilter(request, response);
      return;
    }
    Optional<Caller> caller;
    String refusal;
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      caller = basic(header.substring(6).trim());
      refusal = "wrong client name or secret";
    } else {
      HeketiJwtVerifier.Result result = jwt.verify(header, request.getMethod(), RequestPaths.decoded(request));
      caller = result instanceof HeketiJwtVerifier.Result.Verified verified ? Optional.of(verified.caller())
          : Optional.empty();
      refusal = result instanceof HeketiJwtVerifier.Result.Refused refused ? refused.message() : "";
    }
    if (caller.isEmpty()) {
      problems.write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", refusal, request.getRequestURI());
      return;
    }
    request.setAttribute(AuditLog.ACTOR, caller.get().name());
    SecurityContextHolder.getContext().setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(caller.get(), null, caller.get().authorities()));
    chain.doFilter(request, response);
  }

  private Optional<Caller> basic(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? Optional.empty() : clients.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
