package dev.tandem.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plan-making engine: records each Docker API call, as the docker command a person would type,
 * and makes none. It answers as a fresh host would: no network, no container, no image.
 */
public class RecordingContainerEngine implements ContainerEngine {

  private final String host;
  private final List<String> calls = new ArrayList<>();

  public RecordingContainerEngine(String host) {
    this.host = host;
  }

  public String host() {
    return host;
  }

  @Override
  public synchronized Optional<MacvlanNetwork> network(String name) {
    return Optional.empty();
  }

  @Override
  public synchronized void createNetwork(MacvlanNetwork network) {
    calls.add(DockerCommands.createNetwork(network));
  }

  @Override
  public synchronized void removeNetwork(String name) {
    calls.add(DockerCommands.removeNetwork(name));
  }

  @Override
  public synchronized boolean imagePresent(String image) {
    return false;
  }

  @Override
  public synchronized void pull(String image) {
    calls.add(DockerCommands.pull(image));
  }

  @Override
  public synchronized Optional<ContainerState> container(String name) {
    return Optional.empty();
  }

  @Override
  public synchronized void run(ContainerSpec spec) {
    calls.add(spec.toDockerRun());
  }

  @Override
  public synchronized void start(String name) {
    calls.add(DockerCommands.start(name));
  }

  @Override
  public synchronized void remove(String name) {
    calls.add(DockerCommands.remove(name));
  }

  @Override
  public synchronized CommandResult exec(String container, Command command) {
    calls.add(DockerCommands.exec(container, command));
    return new CommandResult(0, "", "");
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }
}
