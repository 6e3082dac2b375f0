package dev.tandem.storage;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicUrl Tandem's externally reachable base URL ({@code tandem.public-url}): what a
 *     StorageClass's resturl names
 * @param mountPattern the default mount point of a volume ({@code tandem.mount-pattern}), with
 *     {@code {pool}} and {@code {volume}} replaced
 */
@ConfigurationProperties("tandem")
public record StorageProperties(
    @DefaultValue("http://localhost:8080") URI publicUrl,
    @DefaultValue("/mnt/gluster/{pool}/{volume}") String mountPattern) {

  String mountPoint(String pool, String volume) {
    return mountPattern.replace("{pool}", pool).replace("{volume}", volume);
  }
}
