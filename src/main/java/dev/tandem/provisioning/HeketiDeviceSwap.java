package dev.tandem.provisioning;

import dev.tandem.exec.CommandResult;
import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiDevices;
import dev.tandem.heketi.HeketiException;
import dev.tandem.heketi.HeketiUnavailableException;
import dev.tandem.heketi.HeketiModel.DeviceAddRequest;
import dev.tandem.heketi.HeketiModel.DeviceDetail;
import dev.tandem.heketi.HeketiModel.DeviceInfo;
import dev.tandem.heketi.HeketiModel.NodeInfo;
import dev.tandem.inventory.DeviceSpec;
import dev.tandem.inventory.DeviceState;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.inventory.InventoryEdits;
import dev.tandem.inventory.Names;
import dev.tandem.inventory.PlatformService;
import dev.tandem.inventory.PlatformSpec;
import dev.tandem.inventory.PoolDeviceSpec;
import dev.tandem.inventory.PoolLayout;
import dev.tandem.provisioning.JobRequest.Release;
import dev.tandem.provisioning.Step.Outcome;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The live {@link DeviceSwap}: the inventory through {@link PlatformService} edits (so its rules hold:
 * one pool per device, no failed or non-empty device in a pool), Heketi through its client, each step
 * reading the current state first so that a step run again after a failure does only what is left.
 */
@Component
class HeketiDeviceSwap implements DeviceSwap {

  private final PlatformService platform;
  private final HeketiBindings bindings;
  private final HeketiClient heketi;
  private final HeketiDevices devices;

  HeketiDeviceSwap(PlatformService platform, HeketiBindings bindings, HeketiClient heketi, HeketiDevices devices) {
    this.platform = platform;
    this.bindings = bindings;
    this.heketi = heketi;
    this.devices = devices;
  }

  /** Refuses, before anything is planned, a job the inventory and Heketi's bindings cannot carry out. */
  void preflight(JobRequest request) {
    DeviceSwapSteps.preflight(platform.export(), bindings.layout(request.pools().get(0)), request);
  }

  @Override
  public void vet(StepContext ctx, String pool, String device, Supplier<CommandResult> identify,
      Supplier<CommandResult> signatures) {
    String host = ctx.host();
    PlatformSpec spec = platform.export();
    String owner = owner(spec, host, device);
    DeviceSpec recorded = InventoryEdits.host(spec, host).devices().stream().filter(d -> d.path().equals(device))
        .findFirst().orElseThrow(() -> refuse(host, device, "is not in the inventory", "declare it or run"
            + " discover-devices"));
    if (owner != null && !owner.equals(pool)) {
      throw refuse(host, device, "is assigned to pool " + owner, "choose a device in no pool");
    }
    if (recorded.state() == DeviceState.FAILED) {
      throw refuse(host, device, "is marked failed", "choose another device");
    }
    CommandResult found = identify.get();
    JsonNode disk = found.ok() ? DeviceRecorder.firstDevice(found.stdout()) : null;
    if (disk == null) {
      throw refuse(host, device, "cannot be read on the host (" + found.stderr().strip() + ")", "check the path");
    }
    String foundId = DeviceRecorder.stableId(disk);
    if (recorded.stableId() == null || !recorded.stableId().equals(foundId)) {
      throw refuse(host, device, "reports stable id " + (foundId == null ? "(none)" : foundId) + ", the inventory "
          + (recorded.stableId() == null ? "records none" : "expects " + recorded.stableId()), "device names move"
          + " across reboots: run discover-devices and name the disk that carries the recorded id");
    }
    CommandResult listed = signatures.get();
    String signature = DeviceRecorder.signature(disk);
    if (!listed.ok() || !listed.stdout().isBlank() || signature != null) {
      throw refuse(host, device, "is not empty (" + (signature != null ? signature : !listed.ok()
          ? "wipefs: " + listed.stderr().strip() : "wipefs lists " + listed.stdout().strip()) + ")",
          "wipe it first (job wipe-devices) or choose an empty device");
    }
    if (pool.equals(owner)) {
      ctx.note(device + " is already assigned to pool " + pool + ": the next step finds nothing to do");
    }
  }

  @Override
  public Outcome assign(StepContext ctx, String pool, String host, String device) {
    String what = DeviceSwap.assigning(pool, host, device);
    if (pool.equals(owner(platform.export(), host, device))) {
      ctx.platform(what, "already assigned");
      return Outcome.UNCHANGED;
    }
    platform.edit(InventoryEdits.assignDevice(pool, new PoolDeviceSpec(host, device)));
    ctx.platform(what, "assigned");
    return Outcome.CHANGED;
  }

  @Override
  public Outcome addToHeketi(StepContext ctx, String pool, String host, String device) {
    PoolLayout layout = bindings.layout(pool);
    String node = node(layout, host);
    DeviceInfo present = named(read(ctx, node), device);
    boolean changed = false;
    if (present == null) {
      heketi.addDevice(new DeviceAddRequest(node, device, Map.of("pool", pool), false));
      ctx.heketi(DeviceSwap.addCall(node, pool, device), "added");
      present = named(read(ctx, node), device);
      if (present == null) {
        throw new StepFailed("Heketi accepted " + device + " on node " + node + " but does not list it: look at"
            + " Heketi's log");
      }
      changed = true;
    }
    String bound = layout.devices().stream().filter(d -> d.host().equals(host) && d.path().equals(device))
        .findFirst().map(PoolLayout.Device::heketiDeviceId).orElse(null);
    if (!present.id().equals(bound)) {
      bindings.bindDevice(pool, host, device, present.id());
      ctx.platform(DeviceSwap.recordingId(pool, host, device), present.id());
      changed = true;
    }
    return changed ? Outcome.CHANGED : Outcome.UNCHANGED;
  }

  @Override
  public Outcome removeFromHeketi(StepContext ctx, String pool, String host, String device) {
    PoolLayout layout = bindings.layout(pool);
    String node = node(layout, host);
    String bound = layout.devices().stream().filter(d -> d.host().equals(host) && d.path().equals(device))
        .findFirst().map(PoolLayout.Device::heketiDeviceId).orElse(null);
    NodeInfo listed = read(ctx, node);
    DeviceInfo named = named(listed, device);
    DeviceInfo old = bound == null || listed.devices() == null ? null
        : listed.devices().stream().filter(d -> d.id().equals(bound)).findFirst().orElse(null);
    if (old == null && named != null) {
      throw new StepFailed("Heketi lists " + device + " on node " + node + " as device " + named.id() + ", but the"
          + " inventory binds " + (bound == null ? "no Heketi id" : bound) + " to " + host + ":" + device
          + "; nothing changed: reconcile the pool (POST /api/v1/pools/" + pool + "/reconcile) and look at which"
          + " disk Heketi means before retrying");
    }
    if (old == null) {
      ctx.note("Heketi has no device " + (bound == null ? device : bound) + " on node " + node + " (any more):"
          + " nothing to remove");
      return leavePool(ctx, pool, host, device) ? Outcome.CHANGED : Outcome.UNCHANGED;
    }
    boolean setOffline = false;
    if ("online".equals(old.state())) {
      state(ctx, old.id(), "offline");
      setOffline = true;
    }
    if (!"failed".equals(old.state())) {
      evict(ctx, host, device, old, setOffline);
    }
    requireNoBricks(ctx, host, device, old.id());
    devices.delete(old.id());
    ctx.heketi(DeviceSwap.deleteCall(old.id()), "deleted");
    leavePool(ctx, pool, host, device);
    return Outcome.CHANGED;
  }

  /** {@code heketi-cli device remove}: Heketi moves the device's bricks, or refuses and the device is set back. */
  private void evict(StepContext ctx, String host, String device, DeviceInfo old, boolean setOffline) {
    String call = DeviceSwap.stateCall(old.id(), "failed");
    try {
      devices.setState(old.id(), "failed");
      ctx.heketi(call, "done: its bricks were moved");
    } catch (HeketiUnavailableException e) {
      ctx.heketi(call, "no answer in time: " + e.getBody().getDetail());
      throw new StepFailed("Heketi is still moving the bricks of " + host + ":" + device + "; retry once Heketi"
          + " shows it failed (GET /devices/" + old.id() + ")");
    } catch (HeketiException e) {
      ctx.heketi(call, "refused: " + e.upstreamMessage());
      String after = " (the device stays " + old.state() + ")";
      if (setOffline) {
        try {
          state(ctx, old.id(), "online");
          after = " (the device is online again)";
        } catch (HeketiException | HeketiUnavailableException again) {
          after = " (setting it online again failed too: " + (again instanceof HeketiException h
              ? h.upstreamMessage() : again.getMessage()) + "; it stays offline)";
        }
      }
      throw new StepFailed("Heketi refused to remove " + host + ":" + device + ": " + e.upstreamMessage() + after
          + "; nothing else changed: " + (setOffline ? "" : "if an earlier attempt's removal is still moving its"
          + " bricks, retry once Heketi shows the device failed (GET /devices/" + old.id() + "); otherwise ")
          + "give the pool room for its bricks (add a device), then retry the job");
    }
  }

  /**
   * Fails the step, nothing deleted, unless Heketi shows the device failed with no brick left on it: a retry
   * may find an earlier attempt's removal still moving them (or ended with bricks it could not move).
   */
  private void requireNoBricks(StepContext ctx, String host, String device, String id) {
    DeviceDetail now = devices.info(id);
    ctx.heketi(DeviceSwap.infoCall(id), now.state() + ", " + bricks(now.bricks().size()));
    if (!"failed".equals(now.state()) || !now.bricks().isEmpty()) {
      throw new StepFailed("Heketi still lists " + bricks(now.bricks().size()) + " on " + host + ":" + device
          + " (device " + id + ", " + now.state() + "): nothing deleted, the device stays in the pool; retry once"
          + " Heketi shows it failed with no bricks (GET /devices/" + id + ")");
    }
  }

  private static String bricks(int count) {
    return count == 1 ? "1 brick" : count + " bricks";
  }

  /** Takes the device out of the pool in the inventory (its Heketi id with it); true when it was still there. */
  private boolean leavePool(StepContext ctx, String pool, String host, String device) {
    String what = DeviceSwap.leaving(pool, host, device);
    if (!pool.equals(owner(platform.export(), host, device))) {
      ctx.platform(what, "already out of the pool");
      return false;
    }
    platform.edit(current -> pool.equals(owner(current, host, device))
        ? InventoryEdits.releaseDevice(pool, host, Names.deviceName(device)).apply(current)
        : new PlatformService.Edited(current, null));
    ctx.platform(what, "taken out");
    return true;
  }

  @Override
  public Outcome release(StepContext ctx, String pool, String host, String device, Release as) {
    DeviceState target = as == Release.FREE ? DeviceState.FREE : DeviceState.FAILED;
    String what = DeviceSwap.releasing(pool, host, device, as);
    PlatformSpec spec = platform.export();
    DeviceSpec now = InventoryEdits.device(spec, host, Names.deviceName(device));
    if (owner(spec, host, device) == null && now.state() == target) {
      ctx.platform(what, "already done");
      return Outcome.UNCHANGED;
    }
    platform.edit(current -> {
      PlatformSpec released = pool.equals(owner(current, host, device))
          ? InventoryEdits.releaseDevice(pool, host, Names.deviceName(device)).apply(current).spec() : current;
      DeviceSpec d = InventoryEdits.device(released, host, Names.deviceName(device));
      return InventoryEdits.replaceDevice(host, Names.deviceName(device), new DeviceSpec(d.path(), d.stableId(),
          d.sizeBytes(), d.rotational(), target, d.signature())).apply(released);
    });
    ctx.platform(what, "released");
    return Outcome.CHANGED;
  }

  private NodeInfo read(StepContext ctx, String node) {
    NodeInfo info = heketi.node(node);
    ctx.heketi(DeviceSwap.nodeCall(node), info.devices() == null ? "no devices" : String.join(", ",
        info.devices().stream().map(d -> d.name() + " " + d.id() + " " + d.state()).toList()));
    return info;
  }

  private void state(StepContext ctx, String id, String state) {
    devices.setState(id, state);
    ctx.heketi(DeviceSwap.stateCall(id, state), "done");
  }

  private static DeviceInfo named(NodeInfo node, String device) {
    return node.devices() == null ? null
        : node.devices().stream().filter(d -> d.name().equals(device)).findFirst().orElse(null);
  }

  private static String node(PoolLayout layout, String host) {
    return layout.members().stream().filter(m -> m.host().equals(host)).map(PoolLayout.Member::heketiNodeId)
        .filter(id -> id != null).findFirst().orElseThrow(() -> new StepFailed("pool " + layout.name() + " has no"
            + " Heketi node on " + host + ": run reconcile (POST /api/v1/pools/" + layout.name() + "/reconcile) first"));
  }

  /** The pool the device of the host is assigned to, or null. */
  static String owner(PlatformSpec spec, String host, String device) {
    return spec.pools().stream().filter(p -> p.devices().contains(new PoolDeviceSpec(host, device)))
        .map(p -> p.name()).findFirst().orElse(null);
  }

  private static StepFailed refuse(String host, String device, String why, String fix) {
    return new StepFailed(host + ": " + device + " " + why + "; nothing changed: " + fix);
  }
}
