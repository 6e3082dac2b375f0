package dev.tandem.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who consumes a pool; it selects the pool's default volume option profile. */
public enum PoolPurpose {
  @JsonProperty("virtualization")
  VIRTUALIZATION,
  @JsonProperty("containers")
  CONTAINERS,
  @JsonProperty("generic")
  GENERIC
}
