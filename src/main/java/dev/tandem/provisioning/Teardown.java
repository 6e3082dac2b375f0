package dev.tandem.provisioning;

import dev.tandem.provisioning.Step.Outcome;

/** Taking a pool off its hosts: containers and networks go; devices and data directories stay. */
final class Teardown {

  static Step container(String host, String name) {
    return new Step(host, "remove container " + name, ctx -> {
      if (ctx.engine().container(name).isEmpty()) {
        return Outcome.UNCHANGED;
      }
      ctx.removeContainer(name);
      return Outcome.CHANGED;
    });
  }

  static Step network(String host, String name) {
    return new Step(host, "remove docker network " + name, ctx -> {
      if (ctx.engine().network(name).isEmpty()) {
        return Outcome.UNCHANGED;
      }
      ctx.removeNetwork(name);
      return Outcome.CHANGED;
    });
  }

  private Teardown() {}
}
