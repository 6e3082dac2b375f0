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
   * Takes the device (the one whose Heketi id the inventory bound) offline in Heketi, removes it (Heketi
   * moves its bricks to other devices), deletes it and takes it out of the pool in the inventory at once,
   * so that no reconcile adds it back. When Heketi refuses the removal, the device is set back online if
   * this step set it offline, and the step fails with Heketi's message; when Heketi does not answer in
   * time, the step fails and the device is left as it is. Nothing is deleted unless Heketi shows the device
   * failed with no brick left on it.
   */
  Outcome removeFromHeketi(StepContext ctx, String pool, String host, String device);

  /** Records the device as failed or free (taking it out of the pool too, if it still is in it). */
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

  static String infoCall(String id) {
    return "GET /devices/" + id;
  }

  static String deleteCall(String id) {
    return "DELETE /devices/" + id;
  }

  static String leaving(String pool, String host, String device) {
    return "take " + host + ":" + device + " out of pool " + pool + " in the inventory";
  }

  static String releasing(String pool, String host, String device, Release as) {
    return "record " + host + ":" + device + " as " + as.name().toLowerCase() + " in the inventory";
  }
}
