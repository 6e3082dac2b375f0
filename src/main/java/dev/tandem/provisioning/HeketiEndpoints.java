package dev.tandem.provisioning;

import dev.tandem.coordination.CoordinationProperties;
import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiNotConfiguredException;
import dev.tandem.heketi.HeketiProperties;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Which Heketi Tandem uses, in one order of precedence: {@code tandem.heketi.url} when it is set
 * (explicit configuration always wins), else the URL {@code deploy-heketi} recorded in the database
 * with the admin key it generated, else none (Heketi-backed calls then answer 503). Once a deployed
 * Heketi answers /hello, its URL is recorded, and the client follows it unless a URL is configured.
 * Without a configured URL, every replica reads the recorded URL and admin key again every
 * {@code tandem.coordination.cache-staleness}, so a Heketi deployed through another replica is used
 * here within that bound.
 */
@Component
class HeketiEndpoints implements DisposableBean, SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(HeketiEndpoints.class);
  private static final String RECORDED_URL = "heketi-url";
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final HeketiClient heketi;
  private final PlatformSecrets secrets;
  private final ProvisioningProperties properties;
  /** {@code tandem.heketi.url}, or null. */
  private final URI configured;
  private final Duration staleness;
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "heketi-endpoint-refresh");
    thread.setDaemon(true);
    return thread;
  });
  /** The recorded URL and admin key this client was last pointed at, or null. */
  private volatile Recorded used;

  private record Recorded(String url, String adminKey) {}

  HeketiEndpoints(HeketiClient heketi, PlatformSecrets secrets, ProvisioningProperties properties,
      HeketiProperties heketiProperties, CoordinationProperties coordination) {
    this.heketi = heketi;
    this.secrets = secrets;
    this.properties = properties;
    this.configured = heketiProperties.url();
    this.staleness = coordination.cacheStaleness();
  }

  /**
   * Before the lanes of claimed work start (they start with the context's lifecycle, after every
   * singleton): work a replica claims at once must reach the recorded Heketi, not find none.
   */
  @Override
  public void afterSingletonsInstantiated() {
    restore();
  }

  void restore() {
    Optional<String> recorded = secrets.find(RECORDED_URL);
    if (configured != null) {
      log.info("Heketi: using {} from tandem.heketi.url (explicit configuration wins{})", configured,
          recorded.map(url -> " over " + url + ", recorded by deploy-heketi").orElse(""));
      return;
    }
    refresher.scheduleWithFixedDelay(this::refresh, staleness.toMillis(), staleness.toMillis(), TimeUnit.MILLISECONDS);
    if (refresh()) {
      log.info("Heketi: using {}, recorded by deploy-heketi (tandem.heketi.url is not set)", used.url());
      return;
    }
    log.warn("Heketi is not configured: Heketi-backed endpoints answer 503 until it is; {}",
        HeketiNotConfiguredException.FIX);
  }

  /** Points the client at the recorded URL and key when they differ from what it uses; whether any are recorded. */
  private boolean refresh() {
    try {
      Optional<String> url = secrets.find(RECORDED_URL);
      Optional<String> key = secrets.find("heketi-admin-key");
      if (url.isEmpty() || key.isEmpty()) {
        return false;
      }
      Recorded recorded = new Recorded(url.get(), key.get());
      if (!recorded.equals(used)) {
        heketi.repoint(URI.create(recorded.url()), recorded.adminKey());
        used = recorded;
      }
      return true;
    } catch (RuntimeException e) {
      log.warn("Could not read the Heketi URL deploy-heketi recorded: {}", e.getMessage());
      return false;
    }
  }

  @Override
  public void destroy() {
    refresher.shutdownNow();
  }

  StepContext.PlatformResult use(URI url) {
    if (url.equals(heketi.url())) {
      return new StepContext.PlatformResult(false, "already used");
    }
    if (answers(url)) {
      return follow(url);
    }
    return new StepContext.PlatformResult(false, "Heketi does not answer at " + url + " within "
        + properties.heketiStartTimeout() + "; Tandem keeps using " + describe(heketi.url()));
  }

  /**
   * Waits until the Heketi Tandem uses answers /hello, at most {@code tandem.provisioning.heketi-start-timeout};
   * a {@link StepFailed} when it does not.
   */
  String awaitAnswer() {
    URI url = heketi.url();
    if (url == null) {
      throw new StepFailed("Tandem uses no Heketi: " + HeketiNotConfiguredException.FIX);
    }
    if (!answers(url)) {
      throw new StepFailed("Heketi does not answer at " + url + " within " + properties.heketiStartTimeout()
          + ": see its container's log on its host (docker logs " + StepLibrary.HEKETI_CONTAINER
          + "), then retry the job");
    }
    return "Heketi answers at " + url;
  }

  /** Whether Heketi answers /hello at {@code url} within {@code tandem.provisioning.heketi-start-timeout}. */
  private boolean answers(URI url) {
    Instant until = Instant.now().plus(properties.heketiStartTimeout());
    while (!heketi.answersHello(url, PROBE_TIMEOUT)) {
      if (Instant.now().isAfter(until)) {
        return false;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailed("interrupted");
      }
    }
    return true;
  }

  private StepContext.PlatformResult follow(URI url) {
    boolean recordedBefore = secrets.find(RECORDED_URL).filter(url.toString()::equals).isPresent();
    secrets.put(RECORDED_URL, url.toString());
    if (configured != null) {
      return new StepContext.PlatformResult(!recordedBefore, "Heketi answers at " + url + "; recorded, but"
          + " Tandem keeps using " + configured + " from tandem.heketi.url (explicit configuration wins)");
    }
    String adminKey = secrets.heketi().adminKey();
    heketi.repoint(url, adminKey);
    used = new Recorded(url.toString(), adminKey);
    return new StepContext.PlatformResult(true, "Heketi answers; Tandem uses it from now on");
  }

  private static String describe(URI url) {
    return url == null ? "no Heketi (not configured)" : url.toString();
  }
}
