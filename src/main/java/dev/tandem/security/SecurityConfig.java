package dev.tandem.security;

import dev.tandem.web.RequestPaths;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Two filter chains, both behind {@link CrossSiteWriteGuard} (Spring Security's token-based CSRF
 * protection does not fit a stateless API without sessions or forms). The Heketi-compatible paths
 * authenticate in the proxy itself, exactly as Heketi does (its statuses and plain-text answers,
 * before routing), and ask {@link AccessPolicy} there. Everything else: Basic or JWT through {@link
 * AuthenticationFilter}, then {@link AccessPolicy}. With {@code tandem.security.enabled=false},
 * everything is open but cross-site writes. The web console's page (static, open like every path
 * outside {@code /api}) gets a Content-Security-Policy that lets it load and call only Tandem itself.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

  private static final String CONSOLE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /**
   * The Heketi-compatible paths: the firewall, the security headers and {@link CrossSiteWriteGuard},
   * then {@link HeketiEndpoint} answers, in place of Spring MVC's dispatcher. Nothing here
   * authenticates, keeps a security context or authorizes: the endpoint does, as Heketi does.
   */
  @Bean
  @Order(1)
  SecurityFilterChain heketiCompatible(HttpSecurity http, SecurityProperties properties, ProblemWriter problems,
      HeketiEndpoint endpoint, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptions)
      throws Exception {
    RequestMatcher heketi = request -> AccessPolicy.heketiPath(RequestPaths.decoded(request));
    return stateless(http.securityMatcher(heketi), properties, problems)
        .securityContext(c -> c.disable())
        .servletApi(s -> s.disable())
        .exceptionHandling(e -> e.disable())
        .addFilterAfter(new EndpointFilter(endpoint, exceptions), CsrfFilter.class)
        .build();
  }

  /** The end of the Heketi-compatible chain: the endpoint answers, and the chain goes no further. */
  private static final class EndpointFilter extends OncePerRequestFilter {

    private final HeketiEndpoint endpoint;
    private final HandlerExceptionResolver exceptions;

    EndpointFilter(HeketiEndpoint endpoint, HandlerExceptionResolver exceptions) {
      this.endpoint = endpoint;
      this.exceptions = exceptions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException {
      try {
        endpoint.handle(request, response);
      } catch (Exception e) {
        // what a controller's exception gets: the application's handlers (a body over its limit: 413)
        if (exceptions.resolveException(request, response, null, e) == null) {
          throw e;
        }
      }
    }
  }

  @Bean
  @Order(2)
  SecurityFilterChain api(HttpSecurity http, SecurityProperties properties, ClientService clients,
      HeketiJwtVerifier jwt, ProblemWriter problems, AccessPolicy policy) throws Exception {
    stateless(http, properties, problems);
    RequestMatcher consolePage = request -> RequestPaths.decoded(request).matches("/(index\\.html)?");
    http.headers(h -> h.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(consolePage,
        new StaticHeadersWriter("Content-Security-Policy", CONSOLE_POLICY))));
    if (!properties.enabled()) {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }
    http.addFilterBefore(new AuthenticationFilter(clients, jwt, problems), AuthorizationFilter.class)
        .authorizeHttpRequests(a -> a
            // a streamed answer (a job's log) continues on an async dispatch of a request already authorized
            .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
            .anyRequest().access(decisions(policy)))
        .exceptionHandling(e -> e
            .authenticationEntryPoint((request, response, ex) -> problems.write(response, HttpStatus.UNAUTHORIZED,
                "unauthenticated", "authenticate with HTTP Basic (client name and secret) or a bearer JWT",
                request.getRequestURI()))
            .accessDeniedHandler((request, response, ex) -> problems.write(response, HttpStatus.FORBIDDEN,
                "forbidden", "client " + request.getAttribute(AuditLog.ACTOR) + " may not "
                    + request.getMethod() + " " + request.getRequestURI(), request.getRequestURI())));
    return http.build();
  }

  /**
   * No observation of each security filter, authentication and authorization: with Micrometer on the
   * classpath Spring Security otherwise wraps every filter of the chain in one and looks up a meter
   * per filter and request: a large part of a proxied read's time (issue 11). The request as a whole
   * is still observed ({@code http.server.requests}).
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  /** A URL the firewall refuses (";", "..", encoded slashes) is a 400 problem, like any other bad input. */
  @Bean
  RequestRejectedHandler requestRejectedHandler(ProblemWriter problems) {
    return (request, response, ex) -> problems.write(response, HttpStatus.BAD_REQUEST, "malformed-url",
        "the URL contains characters or segments Tandem does not accept (such as ';', '..' or an encoded '/')",
        "/");
  }

  /**
   * The policy on Tandem's API: open routes for everyone; others need a caller (else 401). A scoped
   * route whose pool is not in its path is let through: the pool is checked where the object is read.
   */
  private static AuthorizationManager<RequestAuthorizationContext> decisions(AccessPolicy policy) {
    return (authentication, context) -> {
      HttpServletRequest request = context.getRequest();
      String path = RequestPaths.decoded(request);
      if (AccessPolicy.Route.of(path).map(AccessPolicy.Route::open).orElse(!path.startsWith("/api/"))) {
        return new AuthorizationDecision(true);
      }
      var auth = authentication.get();
      if (auth == null || !(auth.getPrincipal() instanceof Caller caller)) {
        return new AuthorizationDecision(false);
      }
      return new AuthorizationDecision(
          policy.decide(caller, AccessPolicy.Api.TANDEM, request.getMethod(), path) != AccessPolicy.Decision.DENY);
    };
  }

  private static HttpSecurity stateless(HttpSecurity http, SecurityProperties properties, ProblemWriter problems)
      throws Exception {
    return http.csrf(c -> c.disable())
        .addFilterBefore(new CrossSiteWriteGuard(properties.trustedOrigins(), problems), CsrfFilter.class)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .anonymous(a -> a.disable())
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        .logout(l -> l.disable());
  }
}
