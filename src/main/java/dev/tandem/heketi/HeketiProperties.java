package dev.tandem.heketi;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Tandem reaches its Heketi: {@code tandem.heketi.url} and {@code tandem.heketi.admin-key}
 * (TANDEM_HEKETI_URL, TANDEM_HEKETI_ADMIN_KEY), and the timing of every call.
 *
 * @param url Heketi's base URL
 * @param adminKey the JWT key of Heketi's admin user; Tandem alone holds it
 * @param user the JWT issuer Tandem signs as
 * @param connectTimeout to open a connection
 * @param readTimeout for one request's answer
 * @param operationDeadline for a whole asynchronous operation, polls included
 * @param pollInterval between polls of a pending operation
 * @param busyRetries how often an initiating request answered 429 is sent again
 * @param busyBackoff the wait before such a retry when Heketi gives no Retry-After
 * @param maxInFlight asynchronous operations Tandem keeps in flight at once (Heketi admits 8)
 */
@Validated
@ConfigurationProperties("tandem.heketi")
public record HeketiProperties(
    @NotNull @DefaultValue("http://localhost:8080") URI url,
    @DefaultValue("") String adminKey,
    @DefaultValue("admin") String user,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("30s") Duration readTimeout,
    @DefaultValue("10m") Duration operationDeadline,
    @DefaultValue("400ms") Duration pollInterval,
    @Min(0) @Max(20) @DefaultValue("6") int busyRetries,
    @DefaultValue("2s") Duration busyBackoff,
    @Min(1) @Max(64) @DefaultValue("8") int maxInFlight) {}
