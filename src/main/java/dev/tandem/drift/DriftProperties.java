package dev.tandem.drift;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tandem.drift.*}: the drift report.
 *
 * @param interval how often one replica makes a drift report; unset (the default), none is scheduled and
 *     only {@code POST /api/v1/drift} makes one
 */
@Validated
@ConfigurationProperties("tandem.drift")
public record DriftProperties(Duration interval) {

  public DriftProperties {
    if (interval != null && (interval.isZero() || interval.isNegative())) {
      throw new IllegalArgumentException("tandem.drift.interval must be positive, or unset to turn scheduled drift"
          + " reports off; it was " + interval);
    }
  }

  boolean scheduled() {
    return interval != null;
  }
}
