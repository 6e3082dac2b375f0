package dev.tandem.exec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Docker engine through docker-java: the local socket ({@code unix:///var/run/docker.sock}) or TCP
 * with TLS ({@code tcp://host:2376} and a certificate directory). Containers carry the label {@code
 * dev.tandem.spec} with a hash of their {@link ContainerSpec}, so a container made from another spec
 * is recognised as drift.
 */
public class DockerJavaContainerEngine implements ContainerEngine, AutoCloseable {

  public static final String SPEC_LABEL = "dev.tandem.spec";

  private final DockerClient docker;
  private final String endpoint;

  public DockerJavaContainerEngine(String endpoint, String tlsCertPath, Duration timeout) {
    this.endpoint = endpoint;
    DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(endpoint);
    if (tlsCertPath != null) {
      config.withDockerTlsVerify(true).withDockerCertPath(tlsCertPath);
    }
    DefaultDockerClientConfig built = config.build();
    DockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(built.getDockerHost())
        .sslConfig(built.getSSLConfig())
        .connectionTimeout(timeout)
        .responseTimeout(timeout)
        .build();
    this.docker = DockerClientImpl.getInstance(built, http);
  }

  @Override
  public Optional<MacvlanNetwork> network(String name) {
    return call("inspect network " + name, () -> {
      try {
        Network n = docker.inspectNetworkCmd().withNetworkId(name).exec();
        var config = n.getIpam() == null || n.getIpam().getConfig() == null || n.getIpam().getConfig().isEmpty()
            ? null : n.getIpam().getConfig().get(0);
        return Optional.of(new MacvlanNetwork(n.getName(), config == null ? null : config.getSubnet(),
            n.getOptions() == null ? null : n.getOptions().get("parent"), config == null ? null : config.getGateway()));
      } catch (NotFoundException e) {
        return Optional.empty();
      }
    });
  }

  @Override
  public void createNetwork(MacvlanNetwork network) {
    call("create network " + network.name(), () -> {
      Network.Ipam.Config config = new Network.Ipam.Config().withSubnet(network.subnet());
      if (network.gateway() != null) {
        config.withGateway(network.gateway());
      }
      docker.createNetworkCmd().withName(network.name()).withDriver("macvlan")
          .withOptions(Map.of("parent", network.parent()))
          .withIpam(new Network.Ipam().withConfig(config))
          .exec();
      return null;
    });
  }

  @Override
  public void removeNetwork(String name) {
    call("remove network " + name, () -> {
      try {
        docker.removeNetworkCmd(name).exec();
      } catch (NotFoundException e) {
        // already gone
      }
      return null;
    });
  }

  @Override
  public boolean imagePresent(String image) {
    return call("inspect image " + image, () -> {
      try {
        docker.inspectImageCmd(image).exec();
        return true;
      } catch (NotFoundException e) {
        return false;
      }
    });
  }

  @Override
  public void pull(String image) {
    call("pull image " + image, () -> {
      docker.pullImageCmd(image).exec(new com.github.dockerjava.api.command.PullImageResultCallback())
          .awaitCompletion(30, TimeUnit.MINUTES);
      return null;
    });
  }

  @Override
  public Optional<ContainerState> container(String name) {
    return call("inspect container " + name, () -> {
      try {
        InspectContainerResponse c = docker.inspectContainerCmd(name).exec();
        Map<String, String> labels = c.getConfig().getLabels() == null ? Map.of() : c.getConfig().getLabels();
        return Optional.of(new ContainerState(name, Boolean.TRUE.equals(c.getState().getRunning()),
            labels.get(SPEC_LABEL)));
      } catch (NotFoundException e) {
        return Optional.empty();
      }
    });
  }

  @Override
  public void run(ContainerSpec spec) {
    call("run container " + spec.name(), () -> {
      HostConfig host = HostConfig.newHostConfig()
          .withNetworkMode(spec.network())
          .withPrivileged(spec.privileged())
          .withBinds(spec.binds().stream().map(b -> Bind.parse(b.source() + ":" + b.target()
              + (b.options() == null ? "" : ":" + b.options()))).toList())
          .withCapAdd(spec.capAdd().stream().map(Capability::valueOf).toArray(Capability[]::new))
          .withCapDrop(spec.capDrop().stream().map(Capability::valueOf).toArray(Capability[]::new))
          .withSecurityOpts(spec.securityOpts())
          .withDeviceCgroupRules(spec.deviceCgroupRules());
      if (spec.restartPolicy() != null) {
        host.withRestartPolicy(RestartPolicy.parse(spec.restartPolicy()));
      }
      if (!spec.tmpfs().isEmpty()) {
        Map<String, String> tmpfs = new HashMap<>();
        spec.tmpfs().forEach(t -> tmpfs.put(t, ""));
        host.withTmpFs(tmpfs);
      }
      Map<String, String> labels = new HashMap<>(spec.labels());
      labels.put(SPEC_LABEL, hash(spec));
      CreateContainerCmd create = docker.createContainerCmd(spec.image()).withName(spec.name())
          .withHostConfig(host).withLabels(labels);
      if (spec.ip() != null) {
        create.withIpv4Address(spec.ip());
      }
      create.exec();
      docker.startContainerCmd(spec.name()).exec();
      return null;
    });
  }

  @Override
  public void start(String name) {
    call("start container " + name, () -> docker.startContainerCmd(name).exec());
  }

  @Override
  public void remove(String name) {
    call("remove container " + name, () -> {
      try {
        docker.removeContainerCmd(name).withForce(true).exec();
      } catch (NotFoundException e) {
        // already gone
      }
      return null;
    });
  }

  @Override
  public CommandResult exec(String container, Command command) {
    return call("exec in " + container, () -> {
      String id = docker.execCreateCmd(container).withCmd(command.argv().toArray(String[]::new))
          .withAttachStdout(true).withAttachStderr(true).exec().getId();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      docker.execStartCmd(id).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame frame) {
          (frame.getStreamType() == com.github.dockerjava.api.model.StreamType.STDERR ? err : out)
              .writeBytes(frame.getPayload());
        }
      }).awaitCompletion(2, TimeUnit.MINUTES);
      Long exit = docker.inspectExecCmd(id).exec().getExitCodeLong();
      return new CommandResult(exit == null ? -1 : exit.intValue(), out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    });
  }

  /** The address a container has on a network, as the engine reports it. */
  public Optional<String> address(String container, String network) {
    return call("inspect container " + container, () -> {
      ContainerNetwork n = docker.inspectContainerCmd(container).exec().getNetworkSettings().getNetworks().get(network);
      return Optional.ofNullable(n == null ? null : n.getIpAddress());
    });
  }

  /** A stable hash of a spec: what the container was made from. */
  public static String hash(ContainerSpec spec) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(spec.toDockerRun().getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    docker.close();
  }

  private <T> T call(String what, java.util.concurrent.Callable<T> action) {
    try {
      return action.call();
    } catch (RuntimeException e) {
      if (e instanceof NotFoundException || e instanceof com.github.dockerjava.api.exception.DockerException) {
        throw new ExecException("Docker at " + endpoint + ": " + what + " failed: " + e.getMessage(), e);
      }
      throw new ExecException("Docker at " + endpoint + ": " + what + " failed: " + e, e);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new ExecException("Docker at " + endpoint + ": " + what + " failed: " + e, e);
    }
  }
}
