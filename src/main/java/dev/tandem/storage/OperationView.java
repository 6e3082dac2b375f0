package dev.tandem.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/** An asynchronous volume operation: poll it at its own URL, or wait with ?wait=SECONDS. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationView(String id, String kind, String pool, String volume, String state, String message,
    Integer upstreamStatus, OffsetDateTime createdAt, OffsetDateTime updatedAt, String self, String volumeUrl) {

  static OperationView of(OperationEntity op) {
    return new OperationView(op.id, op.kind.name().toLowerCase(), op.poolName, op.volumeName,
        op.state.name().toLowerCase(), op.message, op.upstreamStatus, op.createdAt, op.updatedAt,
        "/api/v1/operations/" + op.id, "/api/v1/pools/" + op.poolName + "/volumes/" + op.volumeName);
  }

  boolean running() {
    return "running".equals(state);
  }
}
