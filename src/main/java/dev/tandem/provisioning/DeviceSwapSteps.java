package dev.tandem.provisioning;

import dev.tandem.inventory.DeviceSpec;
import dev.tandem.inventory.DeviceState;
import dev.tandem.inventory.InventoryEdits;
import dev.tandem.inventory.PlatformSpec;
import dev.tandem.inventory.PoolDeviceSpec;
import dev.tandem.inventory.PoolLayout;
import dev.tandem.inventory.PoolSpec;
import dev.tandem.provisioning.JobRequest.Type;
import dev.tandem.provisioning.Step.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The jobs {@code replace-device} (a pool's device by a free, empty one of the same host) and {@code
 * remove-device} (without replacement): on the host, check the new device is free and empty; then,
 * through Tandem, assign it to the pool, add it to Heketi; take the old device out of Heketi (offline,
 * failed: Heketi moves its bricks, deleted); release it in the inventory as failed or free. Each step
 * checks before it acts ({@link DeviceSwap}), so a retry resumes where the job stopped. The steps'
 * names depend on the request only: the job is planned again, alike, when it resumes.
 */
final class DeviceSwapSteps {

  static List<Step> steps(JobRequest request) {
    String type = request.type().wire();
    if (request.pools().size() != 1 || request.hosts().size() != 1 || request.devices().size() != 1) {
      throw JobProblems.refused(type + " needs one pool, one host and the one device of that host to take out",
          "name them: \"pools\":[\"gluster-ocp\"], \"hosts\":[\"node1\"], \"devices\":[\"/dev/sdc\"]");
    }
    boolean replace = request.type() == Type.REPLACE_DEVICE;
    if (replace == (request.with() == null)) {
      throw JobProblems.refused("with", replace ? "replace-device needs the device that takes the old one's place"
          : "remove-device takes no replacement", replace ? "name it: \"with\":\"/dev/sdh\""
          : "leave out \"with\", or use replace-device");
    }
    String pool = request.pools().get(0);
    String host = request.hosts().get(0);
    String old = request.devices().get(0);
    String with = request.with();
    List<Step> steps = new ArrayList<>();
    if (replace) {
      steps.add(new Step(host, "check " + with + " is free and empty", ctx -> {
        ctx.deviceSwap().vet(ctx, pool, with, () -> ctx.check(DeviceDiscovery.inspect(with)),
            () -> ctx.check(DeviceDiscovery.signatures(with)));
        return Outcome.UNCHANGED;
      }));
      steps.add(new Step(null, "assign " + host + ":" + with + " to pool " + pool,
          ctx -> ctx.deviceSwap().assign(ctx, pool, host, with)));
      steps.add(new Step(null, "add " + host + ":" + with + " to Heketi",
          ctx -> ctx.deviceSwap().addToHeketi(ctx, pool, host, with)));
    }
    steps.add(new Step(null, "remove " + host + ":" + old + " from Heketi",
        ctx -> ctx.deviceSwap().removeFromHeketi(ctx, pool, host, old)));
    steps.add(new Step(null, "release " + host + ":" + old + " as " + request.release().name().toLowerCase(),
        ctx -> ctx.deviceSwap().release(ctx, pool, host, old, request.release())));
    return steps;
  }

  /**
   * What must hold before such a job is planned or started (a problem, nothing changed, otherwise): the
   * host is a member of the pool with a Heketi node, the old device is the pool's; the new one is declared
   * on the host with its stable id, in no pool, neither failed nor known to hold a signature.
   */
  static void preflight(PlatformSpec spec, PoolLayout layout, JobRequest request) {
    String pool = request.pools().get(0);
    String host = request.hosts().get(0);
    String old = request.devices().get(0);
    PoolSpec poolSpec = InventoryEdits.pool(spec, pool);
    if (poolSpec.members().stream().noneMatch(m -> m.host().equals(host))) {
      throw JobProblems.refused("hosts", "pool " + pool + " has no member on " + host, "name a host of the pool");
    }
    if (!poolSpec.devices().contains(new PoolDeviceSpec(host, old))) {
      throw JobProblems.refused("devices", "device " + old + " of " + host + " is not assigned to pool " + pool,
          "name one of the pool's devices (GET /api/v1/pools/" + pool + "/devices)");
    }
    if (layout.members().stream().noneMatch(m -> m.host().equals(host) && m.heketiNodeId() != null)) {
      throw JobProblems.refused("pools", "pool " + pool + " has no Heketi node on " + host + " yet",
          "reconcile first: POST /api/v1/pools/" + pool + "/reconcile");
    }
    String with = request.with();
    if (with == null) {
      return;
    }
    Optional<DeviceSpec> declared = InventoryEdits.host(spec, host).devices().stream()
        .filter(d -> d.path().equals(with)).findFirst();
    String owner = HeketiDeviceSwap.owner(spec, host, with);
    String why = with.equals(old) ? "is the device it would replace"
        : declared.isEmpty() ? "is not in the inventory"
        : owner != null ? "is already assigned to pool " + owner
        : declared.get().state() == DeviceState.FAILED ? "is marked failed"
        : declared.get().signature() != null ? "is not empty (" + declared.get().signature() + ")"
        : declared.get().stableId() == null ? "has no recorded stable id" : null;
    if (why != null) {
      throw JobProblems.refused("with", "device " + with + " of " + host + " " + why, declared.isEmpty()
          || declared.get().stableId() == null ? "run discover-devices on " + host + ", or declare it with its stableId"
          : "choose a free, empty device of " + host + " in no pool (or wipe it first: job wipe-devices)");
    }
  }

  private DeviceSwapSteps() {}
}
