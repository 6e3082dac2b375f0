package dev.tandem.inventory;

import java.util.List;

/**
 * A pool as the storage side needs it: its members and devices with the Heketi UUIDs bound to them
 * (null until reconcile binds them).
 */
public record PoolLayout(String name, PoolPurpose purpose, OptionProfile optionProfile, String durability,
    List<String> clusterIds, List<Member> members, List<Device> devices) {

  /** A pool member: its container IP is the Heketi node's manage and storage hostname. */
  public record Member(String host, String container, String ip, int zone, String heketiNodeId) {}

  /** A device assigned to the pool. */
  public record Device(String host, String path, DeviceState state, String signature, String heketiDeviceId) {}

  public boolean bound() {
    return !clusterIds.isEmpty();
  }
}
