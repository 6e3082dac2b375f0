package dev.tandem.security;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a client may do. */
public enum Role {
  /** Everything. */
  @JsonProperty("admin")
  ADMIN,
  /** Reads, plus jobs, volumes and reconcile. */
  @JsonProperty("operator")
  OPERATOR,
  /** Reads only. */
  @JsonProperty("viewer")
  VIEWER,
  /** A consumer: its pools' volumes and outputs, on either API. */
  @JsonProperty("pool")
  POOL
}
