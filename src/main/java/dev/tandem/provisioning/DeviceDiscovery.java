package dev.tandem.provisioning;

import dev.tandem.exec.Command;
import dev.tandem.provisioning.Step.Outcome;

/** lsblk as JSON over SSH: what block devices a host has, with sizes, ids and signatures. */
final class DeviceDiscovery {

  static final Command LSBLK = Command.of("lsblk", "-J", "-b", "-o",
      "NAME,PATH,TYPE,SIZE,ROTA,WWN,SERIAL,FSTYPE,PTTYPE,MOUNTPOINT");

  static Step step(String host) {
    return new Step(host, "discover devices", ctx -> {
      String json = ctx.act(LSBLK).stdout();
      return ctx.recordDevices(json) ? Outcome.CHANGED : Outcome.UNCHANGED;
    });
  }

  /** lsblk for one device only, without its partitions: the ids it has now. */
  static Command identify(String device) {
    return Command.of("lsblk", "-J", "-d", "-b", "-o", "NAME,PATH,TYPE,WWN,SERIAL", device);
  }

  /** lsblk for one device with its partitions: its ids, filesystem, partition table and mounts. */
  static Command inspect(String device) {
    return Command.of("lsblk", "-J", "-b", "-o", "NAME,PATH,TYPE,WWN,SERIAL,FSTYPE,PTTYPE,MOUNTPOINT", device);
  }

  /** wipefs listing (it erases nothing): one line per signature on the device, none when it is empty. */
  static Command signatures(String device) {
    return Command.of("wipefs", "--no-act", "--noheadings", device);
  }

  /**
   * Erases a device's signatures (the explicit wipe a device with a filesystem, partitions or LVM needs
   * before a pool may have it). Immediately before wipefs, the device's stable id is read on the host
   * and compared with the recorded one (a reboot may have moved the /dev names); the inventory then
   * records the device as free and empty. wipefs is idempotent, so it always runs; what it printed
   * says if it erased anything.
   */
  static Step wipe(String host, String device) {
    return new Step(host, "wipe " + device, ctx -> {
      String erased = ctx.wipeDevice(device, identify(device), Command.of("wipefs", "--all", device));
      return erased.isBlank() ? Outcome.UNCHANGED : Outcome.CHANGED;
    });
  }

  private DeviceDiscovery() {}
}
