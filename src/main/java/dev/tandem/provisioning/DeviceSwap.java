package dev.tandem.provisioning;

import dev.tandem.exec.CommandResult;
import dev.tandem.provisioning.JobRequest.Release;
import dev.tandem.provisioning.Step.Outcome;
import java.util.function.Supplier;

/**
 * What the steps of {@code replace-device} and {@code remove-device} do to the inventory and to Heketi,
 * each checking before it acts and recording every call in the step's context. The live one ({@link
 * HeketiDeviceSwap}) judges and acts; a dry run's ({@link #RECORDING}) records the calls a real run makes
 * where everything is still to do, and judges nothing.
 */
interface DeviceSwap {

  DeviceSwap RECORDING = new RecordingDeviceSwap();

  /**
   * Refuses (with {@link StepFailed}) a replacement device that is not free and empty on the step's host:
   * not in the inventory, in another pool, failed, with a signature (filesystem, partitions, LVM, mounts)
   * found by {@code identify} (lsblk) or {@code signatures} (wipefs), or whose stable id is not the
   * recorded one. Changes nothing.
   */
  void vet(StepContext ctx, String pool, String device, Supplier<CommandResult> identify,
      Supplier<CommandResult> signatures);

  /** Assigns the device to the pool through the inventory's rules. */
  Outcome assign(StepContext ctx, String pool, String host, String device);

  /** Adds the device to the host's node in the pool's Heketi cluster and records its Heketi id. */
  Outcome addToHeketi(StepContext ctx, String pool, String host, String device);

  /**
   * Takes the device offline in Heketi, removes it (Heketi moves its bricks to other devices) and deletes
   * it. When Heketi refuses the removal, the device is set back online if this step set it offline, and
   * the step fails with Heketi's message.
   */
  Outcome removeFromHeketi(StepContext ctx, String pool, String host, String device);

  /** Releases the device from the pool and records it as failed or free. */
  Outcome release(StepContext ctx, String pool, String host, String device, Release as);

  /** What the steps say they do, the same words in a plan and in a real run's log. */
  static String assigning(String pool, String host, String device) {
    return "assign " + host + ":" + device + " to pool " + pool + " in the inventory";
  }

  static String recordingId(String pool, String host, String device) {
    return "record the Heketi id of " + host + ":" + device + " in pool " + pool + "'s device assignment";
  }

  static String nodeCall(String node) {
    return "GET /nodes/" + node;
  }

  static String addCall(String node, String pool, String device) {
    return "POST /devices {\"node\":\"" + node + "\",\"name\":\"" + device + "\",\"tags\":{\"pool\":\"" + pool
        + "\"},\"destroydata\":false}";
  }

  static String stateCall(String id, String state) {
    return "POST /devices/" + id + "/state {\"state\":\"" + state + "\"}";
  }

  static String deleteCall(String id) {
    return "DELETE /devices/" + id;
  }

  static String releasing(String pool, String host, String device, Release as) {
    return "release " + host + ":" + device + " from pool " + pool + " and record it as "
        + as.name().toLowerCase() + " in the inventory";
  }
}
