package dev.tandem.provisioning;

import dev.tandem.exec.CommandResult;
import java.util.function.Supplier;

/**
 * Lets a wipe run only on the device the inventory means. A live guard holds the inventory while it
 * checks that no pool holds the device and that the stable id the host reports now is the recorded
 * one, runs the wipe, and records the device as free; a dry run's guard only records both commands.
 */
@FunctionalInterface
interface WipeGuard {

  /** A dry run: identifies and wipes over the recording shell, judges nothing, records nothing. */
  WipeGuard RECORDING = (host, device, identify, wipe) -> {
    identify.get();
    wipe.get();
    return "a dry run records nothing";
  };

  /**
   * Runs {@code wipe} when allowed, or throws {@link StepFailed} naming the path, the expected and the
   * found id.
   *
   * @param identify reads the device's ids on the host (lsblk as JSON)
   * @param wipe erases the device's signatures and answers what it printed
   * @return what the inventory recorded
   */
  String wipe(String host, String device, Supplier<CommandResult> identify, Supplier<String> wipe);
}
