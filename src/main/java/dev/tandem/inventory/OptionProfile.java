package dev.tandem.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The Gluster volume options merged into every volume a pool creates. */
public enum OptionProfile {
  /** What oVirt/RHV needs for VM images: the virt group, owner 36:36, remote-dio off. */
  @JsonProperty("virtualization")
  VIRTUALIZATION,
  /** Heketi's defaults, as the Kubernetes provisioner expects. */
  @JsonProperty("containers")
  CONTAINERS,
  /** No options added. */
  @JsonProperty("none")
  NONE;

  static OptionProfile defaultFor(PoolPurpose purpose) {
    return switch (purpose) {
      case VIRTUALIZATION -> VIRTUALIZATION;
      case CONTAINERS -> CONTAINERS;
      case GENERIC -> NONE;
    };
  }
}
