package dev.tandem.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a pool's gluster containers get access to the host's block devices. */
public enum PrivilegeMode {
  /** docker run --privileged, as in the runbook. */
  @JsonProperty("privileged")
  PRIVILEGED,
  /**
   * The equivalent capability set for engines that refuse --privileged: all capabilities but
   * SYS_RESOURCE, seccomp and AppArmor unconfined, device cgroup rule 'a *:* rwm'.
   */
  @JsonProperty("capabilities")
  CAPABILITIES
}
