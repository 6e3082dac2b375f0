package dev.tandem.coordination;

import jakarta.validation.constraints.Min;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tandem.coordination.*}: how replicas claim work through the database.
 *
 * @param instance this replica's name in claims and logs (default: host name and a random suffix, new at
 *     every start); two live replicas must never share one
 * @param heartbeat how often a replica renews the claims it holds
 * @param missedHeartbeats a claim not renewed for this many heartbeats is dead, and another replica takes the
 *     work over (default 5 s × 4: about 20 s, plus up to one poll)
 * @param polling how often a replica looks for work that is due or was given up
 * @param shutdownWait on a stop, how long running work may take to reach a point where it hands itself back
 * @param cacheStaleness the longest any replica acts on a cached value (a client's secret or state, Heketi
 *     bindings, the inventory) after another replica changed it; at least 1 ms (it is also how often
 *     replicas read shared values again)
 */
@Validated
@ConfigurationProperties("tandem.coordination")
public record CoordinationProperties(
    String instance,
    @DefaultValue("5s") Duration heartbeat,
    @DefaultValue("4") @Min(2) int missedHeartbeats,
    @DefaultValue("2s") Duration polling,
    @DefaultValue("20s") Duration shutdownWait,
    @DefaultValue("3s") @DurationMin(millis = 1) Duration cacheStaleness) {

  public CoordinationProperties {
    if (instance == null || instance.isBlank()) {
      instance = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
  }

  /** How long after its last heartbeat a claim counts as dead. */
  public Duration deadAfter() {
    return heartbeat.multipliedBy(missedHeartbeats);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "tandem";
    }
  }
}
