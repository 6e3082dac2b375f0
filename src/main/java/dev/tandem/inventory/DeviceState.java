package dev.tandem.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The condition of a block device, independent of which pool it is assigned to (see the pool's
 * devices for that).
 */
public enum DeviceState {
  /** Found by discovery, not yet vetted by an operator. */
  @JsonProperty("discovered")
  DISCOVERED,
  /** Vetted and available for a pool. */
  @JsonProperty("free")
  FREE,
  /** Holding Heketi bricks. */
  @JsonProperty("in-use")
  IN_USE,
  /** Broken: never assigned, never used. */
  @JsonProperty("failed")
  FAILED
}
