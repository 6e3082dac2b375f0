package dev.tandem.storage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param publicUrl Tandem's externally reachable base URL ({@code tandem.public-url}): what a
 *     StorageClass's resturl names
 * @param mountPattern the default mount point of a volume ({@code tandem.mount-pattern}), with
 *     {@code {pool}} and {@code {volume}} replaced
 * @param storage how volume operations run and how unknown outcomes are settled ({@code tandem.storage.*})
 */
@Validated
@ConfigurationProperties("tandem")
public record StorageProperties(
    @DefaultValue("http://localhost:8080") URI publicUrl,
    @DefaultValue("/mnt/gluster/{pool}/{volume}") String mountPattern,
    @Valid @DefaultValue Operations storage) {

  /**
   * @param operationThreads volume operations one replica runs at once ({@code tandem.storage.operation-threads}),
   *     on threads of their own, never shared with jobs
   * @param operationQueue operations that may wait for a thread ({@code tandem.storage.operation-queue}),
   *     counted on all replicas together; beyond that a new request is refused with 503
   * @param resolveFirstRetry the wait before reading Heketi again about an operation whose outcome
   *     is unknown ({@code tandem.storage.resolve-first-retry}); also the least time between two reads
   *     of one operation, on any replica (a GET of the operation triggers one at most that often)
   * @param resolveMaxRetry the longest wait between two such reads ({@code tandem.storage.resolve-max-retry}):
   *     the wait doubles from the first up to this while Heketi cannot tell
   * @param reconcileWait how long a provisioning job's reconcile step waits for a reconcile running on any
   *     replica to end ({@code tandem.storage.reconcile-wait}); an operator's reconcile never waits but is
   *     refused with 409 {@code reconcile-running}
   */
  public record Operations(
      @Min(1) @Max(64) @DefaultValue("8") int operationThreads,
      @Min(0) @Max(10_000) @DefaultValue("64") int operationQueue,
      @DefaultValue("5s") Duration resolveFirstRetry,
      @DefaultValue("5m") Duration resolveMaxRetry,
      @DefaultValue("10m") Duration reconcileWait) {}

  String mountPoint(String pool, String volume) {
    return mountPattern.replace("{pool}", pool).replace("{volume}", volume);
  }
}
