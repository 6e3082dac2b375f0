package dev.tandem.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What answers the Heketi-compatible paths ({@link AccessPolicy#heketiPath}). It is called at the end
 * of their security filter chain, after the firewall, the security headers and {@link
 * CrossSiteWriteGuard}, instead of Spring MVC's dispatcher: it authenticates and routes by itself,
 * as Heketi does, so the dispatcher's handler lookup and argument resolution would only add time to
 * every proxied request (issue 11). An exception it throws is answered by the application's
 * exception handlers, as a controller's would be.
 */
public interface HeketiEndpoint {

  void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;
}
