package dev.tandem.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drift report's executors: checks and reads reach a real executor that refuses every change; no change does. */
class CheckOnlyExecutorsTests {

  static final SshTarget NODE = new SshTarget("node1", "node1.drift.invalid", 22, "root");

  /** A shell that answers checks (exit 3) and fails the test on any action. */
  static final class RefusingShell implements RemoteShell {
    @Override
    public CommandResult run(SshTarget target, Command command) {
      throw new AssertionError("an action reached the real shell: " + command.toShell());
    }

    @Override
    public CommandResult check(SshTarget target, Command command) {
      return new CommandResult(3, "checked", "");
    }

    @Override
    public CommandResult writeFile(SshTarget target, String path, String content, String mode) {
      throw new AssertionError("a file write reached the real shell: " + path);
    }
  }

  /** An engine that answers reads (a stopped container, a network) and fails the test on any change. */
  static ContainerEngine refusingEngine() {
    return (ContainerEngine) Proxy.newProxyInstance(ContainerEngine.class.getClassLoader(),
        new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> switch (method.getName()) {
          case "network" -> Optional.of(new ContainerEngine.MacvlanNetwork((String) args[0], "198.51.100.0/24", "eth1",
              null));
          case "container" -> Optional.of(new ContainerEngine.ContainerState((String) args[0], false, "abc"));
          default -> throw new AssertionError("a change reached the real engine: " + method.getName());
        });
  }

  @Test
  void checksReachTheShellActionsAreOnlyRecordedAndSucceed() {
    CheckOnlyRemoteShell shell = new CheckOnlyRemoteShell(new RefusingShell());

    assertThat(shell.check(NODE, Command.of("test", "-d", "/etc/glusterfs-pa")).exitCode()).isEqualTo(3);
    assertThat(shell.run(NODE, Command.of("mkdir", "-p", "/etc/glusterfs-pa")).ok()).isTrue();
    assertThat(shell.writeFile(NODE, "/etc/heketi/heketi.json", "{}", "0600").ok()).isTrue();

    assertThat(shell.recorded().stream().map(r -> r.command().toShell())).containsExactly(
        "mkdir -p /etc/glusterfs-pa", "install -D -m 0600 /dev/stdin /etc/heketi/heketi.json");
  }

  @Test
  void readsReachTheEngineChangesAreOnlyRecordedAndWhatWasFoundIsSaid() {
    CheckOnlyContainerEngine engine = new CheckOnlyContainerEngine("node1", refusingEngine());
    ContainerSpec spec = new ContainerSpec("pa-1", "gluster:10", "pa-net", "198.51.100.11", List.of(), List.of(), false,
        List.of(), List.of(), List.of(), List.of(), "unless-stopped", Map.of());

    assertThat(engine.container("pa-1")).get().extracting(ContainerEngine.ContainerState::running).isEqualTo(false);
    assertThat(engine.network("pa-net")).isPresent();
    engine.remove("pa-1");
    engine.run(spec);
    engine.start("pa-1");
    engine.createNetwork(new ContainerEngine.MacvlanNetwork("pb-net", "198.18.0.0/24", "eth2", null));
    engine.pull("gluster:10");
    engine.removeNetwork("pb-net");
    engine.exec("pa-1", Command.of("true"));

    assertThat(engine.calls()).hasSize(7).first().isEqualTo(DockerCommands.remove("pa-1"));
    assertThat(engine.takeFound()).containsExactly("container pa-1 is stopped, made from spec hash abc",
        "network pa-net has subnet 198.51.100.0/24 on eth1");
    assertThat(engine.takeFound()).isEmpty();
  }
}
