package dev.tandem.provisioning;

import dev.tandem.heketi.HeketiClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tandem's own Heketi settings follow the Heketi it deploys: once the new server answers /hello,
 * the client is pointed at it with the generated admin key, and the URL is kept so the next start
 * uses it too. A server that does not answer in time leaves the settings as they were.
 */
@Component
class HeketiEndpoints {

  private final HeketiClient heketi;
  private final PlatformSecrets secrets;
  private final ProvisioningProperties properties;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  HeketiEndpoints(HeketiClient heketi, PlatformSecrets secrets, ProvisioningProperties properties) {
    this.heketi = heketi;
    this.secrets = secrets;
    this.properties = properties;
  }

  @EventListener(ApplicationReadyEvent.class)
  void restore() {
    secrets.find("heketi-url").ifPresent(url ->
        secrets.find("heketi-admin-key").ifPresent(key -> heketi.repoint(URI.create(url), key)));
  }

  StepContext.PlatformResult use(URI url) {
    if (url.equals(heketi.url())) {
      return new StepContext.PlatformResult(false, "already used");
    }
    Instant until = Instant.now().plus(properties.heketiStartTimeout());
    while (true) {
      if (answers(url)) {
        heketi.repoint(url, secrets.heketi().adminKey());
        secrets.put("heketi-url", url.toString());
        return new StepContext.PlatformResult(true, "Heketi answers; Tandem uses it from now on");
      }
      if (Instant.now().isAfter(until)) {
        return new StepContext.PlatformResult(false, "Heketi does not answer at " + url + " within "
            + properties.heketiStartTimeout() + "; Tandem keeps using " + heketi.url());
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailed("interrupted");
      }
    }
  }

  private boolean answers(URI url) {
    try {
      HttpResponse<String> hello = http.send(HttpRequest.newBuilder(url.resolve("/hello"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      return hello.statusCode() == 200 && hello.body().startsWith("Hello from Heketi");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
