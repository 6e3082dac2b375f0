/**
 * Cross-cutting HTTP only: RFC 9457 problem details for every error the framework raises, the YAML
 * message converter, and the OpenAPI document. Feature modules raise {@link
 * org.springframework.web.ErrorResponseException}s of their own and never depend on this module.
 */
@ApplicationModule(allowedDependencies = {})
package dev.tandem.web;

import org.springframework.modulith.ApplicationModule;
