package dev.tandem.heketi;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code heketi} health component: UP when Heketi answers /hello, UNKNOWN when Tandem has no
 * Heketi URL, UNREACHABLE when the configured one does not answer as a Heketi. UNREACHABLE is not a
 * status the aggregate knows, so Tandem's own health and readiness never depend on Heketi: its
 * inventory, jobs and outputs keep working, and a load balancer keeps sending traffic.
 */
@Component("heketi")
class HeketiHealth implements HealthIndicator {

  static final Status UNREACHABLE = new Status("UNREACHABLE", "Heketi does not answer as a Heketi at its URL");
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final HeketiClient heketi;

  HeketiHealth(HeketiClient heketi) {
    this.heketi = heketi;
  }

  @Override
  public Health health() {
    URI url = heketi.url();
    if (url == null) {
      return Health.unknown().withDetail("reason", "not configured")
          .withDetail("fix", HeketiNotConfiguredException.FIX).build();
    }
    Health.Builder health = heketi.answersHello(url, PROBE_TIMEOUT) ? Health.up() : Health.status(UNREACHABLE);
    return health.withDetail("url", url.toString()).build();
  }
}
