package dev.tandem.heketi;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Tandem reaches its Heketi: {@code tandem.heketi.url} and {@code tandem.heketi.admin-key}
 * (TANDEM_HEKETI_URL, TANDEM_HEKETI_ADMIN_KEY), and the timing of every call.
 *
 * @param url Heketi's base URL; no default: unset, Tandem uses the URL {@code deploy-heketi} recorded,
 *     and without that every Heketi-backed call answers 503 (an explicit URL always wins)
 * @param adminKey the JWT key of Heketi's admin user; Tandem alone holds it
 * @param user the JWT issuer Tandem signs as
 * @param connectTimeout to open a connection
 * @param readTimeout for one request's answer
 * @param operationDeadline for a whole asynchronous operation, polls included
 * @param pollInterval the longest pause between polls of a pending operation Tandem runs (the pauses start
 *     at 2 ms and double up to it), and the interval of following forwarded operations and of waiting for
 *     a place within the in-flight limit
 * @param busyRetries how often an initiating request answered 429 is sent again
 * @param busyBackoff the wait before such a retry when Heketi gives no Retry-After
 * @param maxInFlight asynchronous operations in flight at once from all Tandem replicas on the database
 *     together, Tandem's own and those forwarded by the Heketi-compatible API (Heketi admits 8); see
 *     {@link SharedHeketiSlots}
 * @param instance this Tandem's name in the hop marker ({@code Via: 1.1 tandem-<instance>}) that every
 *     request to Heketi carries; unset, a random name per process
 */
@Validated
@ConfigurationProperties("tandem.heketi")
public record HeketiProperties(
    URI url,
    @DefaultValue("") String adminKey,
    @DefaultValue("admin") String user,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("30s") Duration readTimeout,
    @DefaultValue("10m") Duration operationDeadline,
    @DefaultValue("400ms") Duration pollInterval,
    @Min(0) @Max(20) @DefaultValue("6") int busyRetries,
    @DefaultValue("2s") Duration busyBackoff,
    @Min(1) @Max(64) @DefaultValue("8") int maxInFlight,
    @Pattern(regexp = "[A-Za-z0-9._-]{0,40}", message = "letters, digits, '.', '_' and '-' only, at most 40")
        String instance) {

  public HeketiProperties {
    if (instance == null || instance.isBlank()) {
      instance = UUID.randomUUID().toString().substring(0, 8);
    }
  }

  /** The hop this Tandem adds to the Via header of its requests to Heketi. */
  public String via() {
    return HopMarker.via(instance);
  }
}
