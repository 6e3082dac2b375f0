/**
 * A typed client for the Heketi REST API, exactly as the real server speaks it (its recorded answers
 * are under src/test/resources/heketi): every request signed with a fresh HS256 JWT whose qsh
 * covers the path actually sent, the asynchronous queue protocol (202 → poll → 303/204/500), a
 * bounded 429 retry for initiating requests only, and Heketi's plain-text errors carried into
 * Tandem's problem details. Every request carries Tandem's hop marker ({@link dev.tandem.heketi.HopMarker}),
 * so a Heketi URL that points at a Tandem is refused instead of looping; without a URL nothing is
 * sent and the caller gets a 503 saying how to configure one. The {@code heketi} health component
 * reports it. Depends on no other module.
 */
@ApplicationModule(allowedDependencies = {})
package dev.tandem.heketi;

import org.springframework.modulith.ApplicationModule;
