package dev.tandem.exec;

import java.util.Optional;

/**
 * A host's Docker engine. Implementations: {@link DockerJavaContainerEngine} over the Docker API,
 * {@link RecordingContainerEngine} for plans. Both pass {@code ContainerEngineContract}.
 */
public interface ContainerEngine {

  /** A macvlan network: name, subnet, parent interface, optional gateway. */
  record MacvlanNetwork(String name, String subnet, String parent, String gateway) {}

  /** What the engine says about a container Tandem made: whether it runs, and the spec it was made from. */
  record ContainerState(String name, boolean running, String specHash) {}

  Optional<MacvlanNetwork> network(String name);

  void createNetwork(MacvlanNetwork network);

  void removeNetwork(String name);

  boolean imagePresent(String image);

  /** Pulls an image from its registry (the host's engine must reach it). */
  void pull(String image);

  Optional<ContainerState> container(String name);

  /** Creates and starts the container; its labels carry the hash of its spec. */
  void run(ContainerSpec spec);

  void start(String name);

  void remove(String name);

  /** Runs a command inside a running container. */
  CommandResult exec(String container, Command command);
}
