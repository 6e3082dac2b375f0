package dev.tandem.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An engine for drift reports: reads (networks, images, containers) go to the real engine, and what
 * they found is noted; every change is only recorded, as the plan-making engine records it.
 */
public class CheckOnlyContainerEngine extends RecordingContainerEngine {

  private final ContainerEngine real;
  private final List<String> found = new ArrayList<>();

  public CheckOnlyContainerEngine(String host, ContainerEngine real) {
    super(host);
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
