package dev.tandem.provisioning;

import dev.tandem.exec.ExecException;
import dev.tandem.provisioning.Step.Outcome;

/** Taking a pool off its hosts: containers and networks go; devices and data directories stay. */
final class Teardown {

  static Step container(String host, String name) {
    return new Step(host, "remove container " + name, ctx -> {
      // removal is idempotent, so it is always issued (and so always in a plan); the outcome says if it mattered
      boolean present = ctx.engine().container(name).isPresent();
      ctx.removeContainer(name);
      return present ? Outcome.CHANGED : Outcome.UNCHANGED;
    });
  }

  static Step network(String host, String name) {
    return new Step(host, "remove docker network " + name, ctx -> {
      boolean present = ctx.engine().network(name).isPresent();
      // removal is idempotent, so it is always issued (and so always in a plan);
      // containers of other hosts that share this engine may still be leaving the network: wait briefly
      for (int attempt = 0; ; attempt++) {
        try {
          ctx.removeNetwork(name);
          return present ? Outcome.CHANGED : Outcome.UNCHANGED;
        } catch (ExecException e) {
          if (attempt >= 20 || ctx.engine().network(name).isEmpty()) {
            if (ctx.engine().network(name).isEmpty()) {
              return Outcome.CHANGED;
            }
            throw new StepFailed(host + ": docker network " + name + " cannot be removed: " + e.getMessage()
                + " (is a container that Tandem does not manage still attached?)");
          }
          try {
            Thread.sleep(250);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted");
          }
        }
      }
    });
  }

  private Teardown() {}
}
