package dev.tandem.provisioning;

import dev.tandem.exec.CommandResult;
import dev.tandem.provisioning.JobRequest.Release;
import dev.tandem.provisioning.Step.Outcome;
import java.util.function.Supplier;

/**
 * A dry run's {@link DeviceSwap}: runs the host's checks over the recording shell and records, in
 * order, the inventory changes and Heketi calls a real run makes where all of them are still to do.
 * Heketi's ids are not read: the plan names them by what they stand for.
 */
final class RecordingDeviceSwap implements DeviceSwap {

  private static final String PLANNED = "a dry run does not call Heketi";

  @Override
  public void vet(StepContext ctx, String pool, String device, Supplier<CommandResult> identify,
      Supplier<CommandResult> signatures) {
    identify.get();
    signatures.get();
    ctx.note("a dry run judges nothing: a real run refuses " + device + " unless it is free and empty, in no pool,"
        + " and reports its recorded stable id");
  }

  @Override
  public Outcome assign(StepContext ctx, String pool, String host, String device) {
    ctx.platform(DeviceSwap.assigning(pool, host, device), "a dry run records nothing");
    return Outcome.CHANGED;
  }

  @Override
  public Outcome addToHeketi(StepContext ctx, String pool, String host, String device) {
    String node = node(pool, host);
    ctx.heketi(DeviceSwap.nodeCall(node), PLANNED);
    ctx.heketi(DeviceSwap.addCall(node, pool, device), PLANNED);
    ctx.heketi(DeviceSwap.nodeCall(node), PLANNED);
    ctx.platform(DeviceSwap.recordingId(pool, host, device), "a dry run records nothing");
    return Outcome.CHANGED;
  }

  @Override
  public Outcome removeFromHeketi(StepContext ctx, String pool, String host, String device) {
    String id = "<Heketi id of " + host + ":" + device + ">";
    ctx.heketi(DeviceSwap.nodeCall(node(pool, host)), PLANNED);
    ctx.heketi(DeviceSwap.stateCall(id, "offline"), PLANNED);
    ctx.heketi(DeviceSwap.stateCall(id, "failed"), PLANNED
        + " (Heketi moves the device's bricks to other devices, or refuses: the device is then set online again)");
    ctx.heketi(DeviceSwap.infoCall(id), PLANNED + " (a real run deletes nothing unless it is failed with no bricks)");
    ctx.heketi(DeviceSwap.deleteCall(id), PLANNED);
    ctx.platform(DeviceSwap.leaving(pool, host, device), "a dry run records nothing");
    return Outcome.CHANGED;
  }

  @Override
  public Outcome release(StepContext ctx, String pool, String host, String device, Release as) {
    ctx.platform(DeviceSwap.releasing(pool, host, device, as), "a dry run records nothing");
    return Outcome.CHANGED;
  }

  private static String node(String pool, String host) {
    return "<Heketi node of " + host + " in pool " + pool + ">";
  }
}
