package dev.tandem.provisioning;

import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiNotConfiguredException;
import dev.tandem.heketi.HeketiProperties;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Which Heketi Tandem uses, in one order of precedence: {@code tandem.heketi.url} when it is set
 * (explicit configuration always wins), else the URL {@code deploy-heketi} recorded in the database
 * with the admin key it generated, else none (Heketi-backed calls then answer 503). Once a deployed
 * Heketi answers /hello, its URL is recorded, and the client follows it unless a URL is configured.
 */
@Component
class HeketiEndpoints {

  private static final Logger log = LoggerFactory.getLogger(HeketiEndpoints.class);
  private static final String RECORDED_URL = "heketi-url";
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final HeketiClient heketi;
  private final PlatformSecrets secrets;
  private final ProvisioningProperties properties;
  /** {@code tandem.heketi.url}, or null. */
  private final URI configured;

  HeketiEndpoints(HeketiClient heketi, PlatformSecrets secrets, ProvisioningProperties properties,
      HeketiProperties heketiProperties) {
    this.heketi = heketi;
    this.secrets = secrets;
    this.properties = properties;
    this.configured = heketiProperties.url();
  }

  /** First of the start-up listeners: operations resumed at start must reach the right Heketi. */
  @EventListener(ApplicationReadyEvent.class)
  @Order(Ordered.HIGHEST_PRECEDENCE)
  void restore() {
    Optional<String> recorded = secrets.find(RECORDED_URL);
    if (configured != null) {
      log.info("Heketi: using {} from tandem.heketi.url (explicit configuration wins{})", configured,
          recorded.map(url -> " over " + url + ", recorded by deploy-heketi").orElse(""));
      return;
    }
    Optional<String> key = secrets.find("heketi-admin-key");
    if (recorded.isPresent() && key.isPresent()) {
      heketi.repoint(URI.create(recorded.get()), key.get());
      log.info("Heketi: using {}, recorded by deploy-heketi (tandem.heketi.url is not set)", recorded.get());
      return;
    }
    log.warn("Heketi is not configured: Heketi-backed endpoints answer 503 until it is; {}",
        HeketiNotConfiguredException.FIX);
  }

  StepContext.PlatformResult use(URI url) {
    if (url.equals(heketi.url())) {
      return new StepContext.PlatformResult(false, "already used");
    }
    Instant until = Instant.now().plus(properties.heketiStartTimeout());
    while (true) {
      if (heketi.answersHello(url, PROBE_TIMEOUT)) {
        return follow(url);
      }
      if (Instant.now().isAfter(until)) {
        return new StepContext.PlatformResult(false, "Heketi does not answer at " + url + " within "
            + properties.heketiStartTimeout() + "; Tandem keeps using " + describe(heketi.url()));
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailed("interrupted");
      }
    }
  }

  private StepContext.PlatformResult follow(URI url) {
    boolean recordedBefore = secrets.find(RECORDED_URL).filter(url.toString()::equals).isPresent();
    secrets.put(RECORDED_URL, url.toString());
    if (configured != null) {
      return new StepContext.PlatformResult(!recordedBefore, "Heketi answers at " + url + "; recorded, but"
          + " Tandem keeps using " + configured + " from tandem.heketi.url (explicit configuration wins)");
    }
    heketi.repoint(url, secrets.heketi().adminKey());
    return new StepContext.PlatformResult(true, "Heketi answers; Tandem uses it from now on");
  }

  private static String describe(URI url) {
    return url == null ? "no Heketi (not configured)" : url.toString();
  }
}
