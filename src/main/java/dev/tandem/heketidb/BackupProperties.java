package dev.tandem.heketidb;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tandem.backups.*}: backups of Heketi's database.
 *
 * @param interval how often one replica backs Heketi's database up; unset (the default), no backup is
 *     scheduled and only {@code POST /api/v1/heketi/backups} takes one
 * @param keep how many kept backups, and how many failed or refused attempts, are retained (the newest)
 * @param maxAge backups and attempts older than this are deleted, except the newest kept backup
 */
@Validated
@ConfigurationProperties("tandem.backups")
public record BackupProperties(
    Duration interval,
    @DefaultValue("14") @Min(1) @Max(1000) int keep,
    @DefaultValue("30d") Duration maxAge) {

  public BackupProperties {
    if (interval != null && (interval.isZero() || interval.isNegative())) {
      throw new IllegalArgumentException("tandem.backups.interval must be positive, or unset to turn scheduled"
          + " backups off; it was " + interval);
    }
    if (maxAge.isZero() || maxAge.isNegative()) {
      throw new IllegalArgumentException("tandem.backups.max-age must be positive; it was " + maxAge);
    }
  }

  boolean scheduled() {
    return interval != null;
  }
}
