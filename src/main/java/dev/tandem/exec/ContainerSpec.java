package dev.tandem.exec;

import java.util.List;
import java.util.Map;

/**
 * A container as Tandem wants it: what `docker run` would be given. Two specs are equal when the
 * container needs no change.
 *
 * @param network a macvlan network name, or "host"
 * @param ip the fixed address on that network (null on host networking)
 * @param privileged docker --privileged
 * @param capAdd capabilities added (the privileged-equivalent set when privileged is refused)
 * @param securityOpts e.g. seccomp=unconfined
 * @param deviceCgroupRules e.g. "a *:* rwm"
 * @param labels labels Tandem uses to recognise its own containers and their spec
 */
public record ContainerSpec(String name, String image, String network, String ip, List<Bind> binds,
    List<String> tmpfs, boolean privileged, List<String> capAdd, List<String> capDrop, List<String> securityOpts,
    List<String> deviceCgroupRules, String restartPolicy, Map<String, String> labels) {

  /** A bind mount: host path, container path, and options (e.g. "ro", "z"). */
  public record Bind(String source, String target, String options) {}

  public ContainerSpec {
    binds = List.copyOf(binds);
    tmpfs = List.copyOf(tmpfs);
    capAdd = List.copyOf(capAdd);
    capDrop = List.copyOf(capDrop);
    securityOpts = List.copyOf(securityOpts);
    deviceCgroupRules = List.copyOf(deviceCgroupRules);
    labels = Map.copyOf(labels);
  }

  /** The same container from another image. */
  public ContainerSpec withImage(String other) {
    return new ContainerSpec(name, other, network, ip, binds, tmpfs, privileged, capAdd, capDrop, securityOpts,
        deviceCgroupRules, restartPolicy, labels);
  }

  /** The same container as a `docker run` command line, for plans and people. */
  public String toDockerRun() {
    StringBuilder cli = new StringBuilder("docker run -d --name=" + Command.quote(name));
    cli.append(" --net=").append(Command.quote(network));
    if (ip != null) {
      cli.append(" --ip=").append(Command.quote(ip));
    }
    if (privileged) {
      cli.append(" --privileged=true");
    }
    capAdd.forEach(c -> cli.append(" --cap-add=").append(Command.quote(c)));
    capDrop.forEach(c -> cli.append(" --cap-drop=").append(Command.quote(c)));
    securityOpts.forEach(o -> cli.append(" --security-opt=").append(Command.quote(o)));
    deviceCgroupRules.forEach(r -> cli.append(" --device-cgroup-rule=").append(Command.quote(r)));
    if (restartPolicy != null) {
      cli.append(" --restart=").append(Command.quote(restartPolicy));
    }
    tmpfs.forEach(t -> cli.append(" --tmpfs ").append(Command.quote(t)));
    binds.forEach(b -> cli.append(" -v ").append(Command.quote(b.source() + ":" + b.target()
        + (b.options() == null ? "" : ":" + b.options()))));
    new java.util.TreeMap<>(labels).forEach((k, v) -> cli.append(" --label ").append(Command.quote(k + "=" + v)));
    return cli.append(' ').append(Command.quote(image)).toString();
  }
}
