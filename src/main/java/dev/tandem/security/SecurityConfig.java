package dev.tandem.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two filter chains. The Heketi-compatible paths authenticate in the proxy itself, exactly as
 * Heketi does (its statuses and plain-text answers, before routing). Everything else: Basic or
 * JWT through {@link AuthenticationFilter}, then {@link AccessRules}; health and the API docs stay
 * open. With {@code tandem.security.enabled=false}, everything is open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

  /** Heketi's own top-level paths, served by the Heketi-compatible API. */
  static final Set<String> HEKETI_ROOTS = Set.of("hello", "metrics", "clusters", "nodes", "devices", "volumes",
      "queue", "blockvolumes", "backup", "db", "operations", "internal", "admin");

  static boolean heketiPath(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String first = path.length() > 1 ? path.substring(1).split("/", 2)[0] : "";
    return HEKETI_ROOTS.contains(first);
  }

  @Bean
  @Order(1)
  SecurityFilterChain heketiCompatible(HttpSecurity http) throws Exception {
    return stateless(http.securityMatcher((RequestMatcher) SecurityConfig::heketiPath))
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain api(HttpSecurity http, SecurityProperties properties, ClientService clients,
      HeketiJwtVerifier jwt, ProblemWriter problems) throws Exception {
    stateless(http);
    if (!properties.enabled()) {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }
    http.addFilterBefore(new AuthenticationFilter(clients, jwt, problems), AuthorizationFilter.class)
        .authorizeHttpRequests(a -> a
            // a streamed answer (a job's log) continues on an async dispatch of a request already authorized
            .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
            .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
            .requestMatchers("/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**").permitAll()
            .requestMatchers("/api/v1/**", "/actuator/**").access(rules())
            .anyRequest().permitAll())
        .exceptionHandling(e -> e
            .authenticationEntryPoint((request, response, ex) -> problems.write(response, HttpStatus.UNAUTHORIZED,
                "unauthenticated", "authenticate with HTTP Basic (client name and secret) or a bearer JWT",
                request.getRequestURI()))
            .accessDeniedHandler((request, response, ex) -> problems.write(response, HttpStatus.FORBIDDEN,
                "forbidden", "client " + request.getAttribute(AuditLog.ACTOR) + " may not "
                    + request.getMethod() + " " + request.getRequestURI(), request.getRequestURI())));
    return http.build();
  }

  /** A URL the firewall refuses (";", "..", encoded slashes) is a 400 problem, like any other bad input. */
  @Bean
  RequestRejectedHandler requestRejectedHandler(ProblemWriter problems) {
    return (request, response, ex) -> problems.write(response, HttpStatus.BAD_REQUEST, "malformed-url",
        "the URL contains characters or segments Tandem does not accept (such as ';', '..' or an encoded '/')",
        "/");
  }

  private static AuthorizationManager<RequestAuthorizationContext> rules() {
    return (authentication, context) -> {
      var auth = authentication.get();
      if (auth == null || !(auth.getPrincipal() instanceof Caller caller)) {
        return new AuthorizationDecision(false);
      }
      HttpServletRequest request = context.getRequest();
      return new AuthorizationDecision(AccessRules.allowed(caller, request.getMethod(),
          AuthenticationFilter.path(request)));
    };
  }

  private static HttpSecurity stateless(HttpSecurity http) throws Exception {
    return http.csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .anonymous(a -> a.disable())
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        .logout(l -> l.disable());
  }
}
