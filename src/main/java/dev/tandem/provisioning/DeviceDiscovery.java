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

  private DeviceDiscovery() {}
}
