/**
 * Cross-cutting HTTP only: RFC 9457 problem details for every error the framework raises, the YAML
 * message converter, the OpenAPI document, and request body limits per route class. Feature
 * modules raise {@link org.springframework.web.ErrorResponseException}s of their own and never
 * depend on this module.
 */
@ApplicationModule(allowedDependencies = {})
package dev.tandem.web;

import org.springframework.modulith.ApplicationModule;
