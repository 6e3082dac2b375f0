/**
 * Cross-cutting HTTP only: RFC 9457 problem details for every error the framework raises, the YAML
 * message converter, the OpenAPI document, request body limits per route class, and {@link
 * dev.tandem.web.RequestPaths}, the one decoding of a request's path. Feature modules raise {@link
 * org.springframework.web.ErrorResponseException}s of their own; they use this module for that
 * decoding only.
 */
@ApplicationModule(allowedDependencies = {})
package dev.tandem.web;

import org.springframework.modulith.ApplicationModule;
