package dev.tandem.provisioning;

import dev.tandem.exec.Command;
import dev.tandem.exec.CommandResult;
import dev.tandem.exec.ContainerSpec;
import dev.tandem.exec.ExecException;
import dev.tandem.inventory.MemberSpec;
import dev.tandem.inventory.PoolSpec;
import dev.tandem.provisioning.Step.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code roll-pool} job: the pool's gluster containers recreated one member at a time, in the
 * inventory's order (with the request's image, or the inventory's). For each member: self-heal has
 * nothing pending on any volume (asked inside that member's container, before it goes), its
 * container is removed and run again from the deploy-pool spec (same network, address, mounts and
 * devices: the bricks and glusterd's state live in the host's per-pool directories), glusterd answers
 * in it and sees every peer Connected, and heal is back to zero. Each wait ends within
 * {@code tandem.provisioning.roll-heal-timeout} or fails the step saying what is pending; the job runs
 * one host at a time and a failed host stops it ({@link JobRequest.Type#oneHostAtATime()}), so at most
 * one member of a replica set is ever down. The recreate always acts: a roll resumed after its replica
 * was killed recreates that member again. A roll onto the request's image of every member ends (a
 * platform step, run only once every member succeeded) by recording that image as the pool's in the
 * inventory, so deploy-pool and drift reports expect it, if the inventory still says the image the roll
 * was planned from (an image set meanwhile is left, and the step fails saying so); a roll that stops
 * half-way leaves the inventory at the old image, which the members not yet rolled still run, and a
 * retry finishes the roll first.
 */
final class RollPool {

  static List<Step> steps(PoolSpec pool, Set<String> hosts, JobRequest request, ProvisioningProperties properties) {
    String image = request.image() != null ? request.image() : pool.image();
    Waits waits = new Waits(properties.rollHealTimeout(), properties.rollPollInterval());
    List<Step> steps = new ArrayList<>();
    for (MemberSpec member : pool.members()) {
      if (!hosts.contains(member.host())) {
        continue;
      }
      String c = member.container();
      ContainerSpec spec = StepLibrary.glusterSpec(pool, member, Planner.root(properties.rootPrefix(), member.host()))
          .withImage(image);
      steps.add(new Step(member.host(), "heal settled before " + c, ctx -> waits.heal(ctx, c)));
      steps.add(StepLibrary.image(member.host(), image));
      steps.add(new Step(member.host(), "recreate container " + c, ctx -> {
        // removal is idempotent, so it is always issued (and so always in a plan)
        ctx.removeContainer(c);
        ctx.runContainer(spec);
        return Outcome.CHANGED;
      }));
      steps.add(new Step(member.host(), "glusterd and peers of " + c, ctx -> waits.peers(ctx, c)));
      steps.add(new Step(member.host(), "heal settled after " + c, ctx -> waits.heal(ctx, c)));
    }
    boolean everyMember = pool.members().stream().allMatch(m -> hosts.contains(m.host()));
    if (request.image() != null && everyMember) {
      steps.add(new Step(null, "record image " + image + " for pool " + pool.name(),
          ctx -> ctx.recordPoolImage(pool.name(), pool.image(), image) ? Outcome.CHANGED : Outcome.UNCHANGED));
    }
    return steps;
  }

  /** The waits of a roll: a first round recorded in full, then quiet rounds until settled or timed out. */
  record Waits(Duration timeout, Duration interval) {

    /** Every volume of the pool has nothing pending heal, as seen from inside {@code container}. */
    Outcome heal(StepContext ctx, String container) {
      until(ctx, container, "self-heal to have nothing pending on every volume ('gluster volume heal <volume> info'"
          + " for each volume 'gluster volume list' names: every 'Number of entries:' 0)", round -> {
        CommandResult list = round.run(GlusterState.volumeList());
        if (!list.ok()) {
          return "glusterd does not answer 'gluster volume list' (exit " + list.exitCode() + ")";
        }
        List<String> unsettled = new ArrayList<>();
        for (String volume : GlusterState.volumes(list.stdout())) {
          CommandResult info = round.run(GlusterState.healInfo(volume));
          if (GlusterState.nothingToHeal(info.stdout() + info.stderr())) {
            continue;
          }
          GlusterState.Heal heal = GlusterState.heal(volume, info.stdout());
          if (!heal.settled()) {
            unsettled.add(heal.describe());
          }
        }
        return unsettled.isEmpty() ? null : String.join("; ", unsettled);
      });
      return Outcome.UNCHANGED;
    }

    /** glusterd answers in {@code container} and every peer of its pool list is Connected. */
    Outcome peers(StepContext ctx, String container) {
      until(ctx, container, "glusterd to answer and every peer to be Connected", round -> {
        CommandResult peers = round.run(GlusterState.poolList());
        if (!peers.ok()) {
          return "glusterd does not answer 'gluster pool list' (exit " + peers.exitCode() + ")";
        }
        List<String> down = GlusterState.notConnected(peers.stdout());
        return down.isEmpty() ? null : "peers not connected: " + String.join(", ", down);
      });
      return Outcome.UNCHANGED;
    }

    /**
     * Runs {@code round} until it answers null (settled), or fails the step with what was still pending
     * when the timeout passed. The first round's commands are recorded; the others are not.
     */
    private void until(StepContext ctx, String container, String what, Function<Round, String> round) {
      long deadline = System.nanoTime() + timeout.toNanos();
      ctx.note("wait for " + what + " in " + container + " (every " + human(interval) + ", at most "
          + human(timeout) + ")");
      int rounds = 0;
      String pending;
      do {
        if (rounds > 0) {
          sleep(interval);
        }
        boolean record = rounds++ == 0;
        pending = round.apply(command -> {
          try {
            return record ? ctx.exec(container, command) : ctx.engine().exec(container, command);
          } catch (ExecException e) {
            return new CommandResult(-1, "", e.getMessage());
          }
        });
      } while (pending != null && System.nanoTime() < deadline);
      if (pending != null) {
        throw new StepFailed(ctx.host() + ": " + container + ": gave up waiting after " + human(timeout)
            + " (tandem.provisioning.roll-heal-timeout) for " + what + ": " + pending
            + "; the roll stops here, with the members after this one untouched");
      }
      ctx.note(what + " in " + container + ": settled, after " + rounds + (rounds == 1 ? " round" : " rounds"));
    }

    private static String human(Duration d) {
      return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void sleep(Duration pause) {
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailed("interrupted");
      }
    }
  }

  /** One round's way to run a command inside the container. */
  @FunctionalInterface
  interface Round {
    CommandResult run(Command command);
  }

  private RollPool() {}
}
