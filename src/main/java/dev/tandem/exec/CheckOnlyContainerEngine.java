package dev.tandem.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An engine for drift reports: reads (networks, images, containers) go to the real engine, and what
 * they found is noted; every change is only recorded, as the docker command a person would type.
 */
public class CheckOnlyContainerEngine implements ContainerEngine {

  private final ContainerEngine real;
  private final List<String> withheld = new ArrayList<>();
  private final List<String> found = new ArrayList<>();

  public CheckOnlyContainerEngine(ContainerEngine real) {
    this.real = real;
  }

  @Override
  public Optional<MacvlanNetwork> network(String name) {
    Optional<MacvlanNetwork> network = real.network(name);
    note(network.map(n -> "network " + name + " has subnet " + n.subnet() + " on " + n.parent())
        .orElse("network " + name + " is missing"));
    return network;
  }

  @Override
  public boolean imagePresent(String image) {
    boolean present = real.imagePresent(image);
    if (!present) {
      note("image " + image + " is missing");
    }
    return present;
  }

  @Override
  public Optional<ContainerState> container(String name) {
    Optional<ContainerState> state = real.container(name);
    note(state.map(s -> "container " + name + (s.running() ? " runs" : " is stopped") + ", made from spec hash "
        + s.specHash()).orElse("container " + name + " is missing"));
    return state;
  }

  @Override
  public synchronized void createNetwork(MacvlanNetwork network) {
    withheld.add(DockerCommands.createNetwork(network));
  }

  @Override
  public synchronized void removeNetwork(String name) {
    withheld.add(DockerCommands.removeNetwork(name));
  }

  @Override
  public synchronized void pull(String image) {
    withheld.add(DockerCommands.pull(image));
  }

  @Override
  public synchronized void run(ContainerSpec spec) {
    withheld.add(spec.toDockerRun());
  }

  @Override
  public synchronized void start(String name) {
    withheld.add(DockerCommands.start(name));
  }

  @Override
  public synchronized void remove(String name) {
    withheld.add(DockerCommands.remove(name));
  }

  @Override
  public synchronized CommandResult exec(String container, Command command) {
    withheld.add("docker exec " + Command.quote(container) + " " + command.toShell());
    return new CommandResult(0, "", "");
  }

  /** The changes withheld, in order. */
  public synchronized List<String> withheld() {
    return List.copyOf(withheld);
  }

  /** What the reads found since the last call, in order; clears it. */
  public synchronized List<String> takeFound() {
    List<String> out = List.copyOf(found);
    found.clear();
    return out;
  }

  private synchronized void note(String text) {
    found.add(text);
  }
}
