package dev.tandem.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.Locale;

/** An asynchronous volume operation: poll it at its own URL, or wait with ?wait=SECONDS. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationView(String id, String kind, String pool, String volume,
    @Schema(description = "queued: waiting for one of Tandem's operation threads; running: Heketi is working on it;"
        + " succeeded, failed: ended; unknown: Tandem could not observe how it ended and is reading Heketi to"
        + " settle it as succeeded or failed (a GET of the operation reads Heketi again, at most once per"
        + " tandem.storage.resolve-first-retry); interrupted: ended by a"
        + " stop of an earlier Tandem version",
        allowableValues = {"queued", "running", "unknown", "succeeded", "failed", "interrupted"})
    String state,
    String message, Integer upstreamStatus, OffsetDateTime createdAt, OffsetDateTime updatedAt, String self,
    String volumeUrl) {

  static OperationView of(OperationEntity op) {
    return new OperationView(op.id, op.kind.name().toLowerCase(Locale.ROOT), op.poolName, op.volumeName,
        op.state.name().toLowerCase(Locale.ROOT), op.message, op.upstreamStatus, op.createdAt, op.updatedAt,
        "/api/v1/operations/" + op.id, "/api/v1/pools/" + op.poolName + "/volumes/" + op.volumeName);
  }

  /** Whether it has ended for good. */
  boolean ended() {
    return OperationEntity.State.valueOf(state.toUpperCase(Locale.ROOT)).isFinal();
  }
}
