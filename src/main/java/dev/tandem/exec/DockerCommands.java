package dev.tandem.exec;

/**
 * Each Docker API call Tandem makes, as the docker command a person would type: what plans and job
 * logs show, in one place ({@link ContainerSpec#toDockerRun()} renders a container's).
 */
public final class DockerCommands {

  public static String createNetwork(ContainerEngine.MacvlanNetwork network) {
    return "docker network create -d macvlan --subnet=" + Command.quote(network.subnet())
        + (network.gateway() == null ? "" : " --gateway=" + Command.quote(network.gateway()))
        + " -o parent=" + Command.quote(network.parent()) + " " + Command.quote(network.name());
  }

  public static String removeNetwork(String name) {
    return "docker network rm " + Command.quote(name);
  }

  public static String pull(String image) {
    return "docker pull " + Command.quote(image);
  }

  public static String start(String container) {
    return "docker start " + Command.quote(container);
  }

  public static String remove(String container) {
    return "docker rm -f " + Command.quote(container);
  }

  public static String exec(String container, Command command) {
    return "docker exec " + Command.quote(container) + " " + command.toShell();
  }

  private DockerCommands() {}
}
