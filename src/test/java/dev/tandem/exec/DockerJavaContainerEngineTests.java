package dev.tandem.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker-java against the real engine: macvlan on a veth this test creates, containers of the local test image. */
class DockerJavaContainerEngineTests extends ContainerEngineContract {

  static final String VETH = "tdm-contract0";
  static DockerJavaContainerEngine engine;

  @BeforeAll
  static void start() {
    TestComponents.requireDocker();
    TestNetworks.requireFree("198.51.100.0/24");
    TestNetworks.veth(VETH);
    engine = new DockerJavaContainerEngine(TestComponents.DOCKER, null, Duration.ofSeconds(30));
  }

  @AfterEach
  void clean() {
    engine.remove("tandem-contract-c1");
    TestComponents.run("docker", "network", "rm", "tandem-contract-net");
  }

  @AfterAll
  static void stop() throws Exception {
    if (engine != null) {
      engine.close();
    }
    TestNetworks.deleteLink(VETH);
  }

  @Override
  ContainerEngine engine() {
    return engine;
  }

  @Override
  String networkAfterCreate(ContainerEngine.MacvlanNetwork network) {
    engine.createNetwork(network);
    return engine.network(network.name()).orElseThrow().toString();
  }

  @Override
  boolean runsAsSpecified(ContainerSpec spec) {
    engine.run(spec);
    var state = engine.container(spec.name()).orElseThrow();
    return state.running() && state.specHash().equals(DockerJavaContainerEngine.hash(spec))
        && engine.address(spec.name(), spec.network()).orElseThrow().equals(spec.ip());
  }

  @Override
  String parentInterface() {
    return VETH;
  }

  @Test
  void execRunsInsideTheContainerWithItsExitCode() {
    engine.run(spec("tandem-contract-c1", "bridge", null));
    CommandResult result = engine.exec("tandem-contract-c1", Command.of("sh", "-c", "echo in; exit 4"));
    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.stdout()).isEqualTo("in\n");
  }

  @Test
  void aMissingImageOrEngineFailsWithAClearMessage() {
    assertThat(engine.imagePresent("tandem-no-such-image:1")).isFalse();
    assertThat(engine.imagePresent(TestComponents.BUSYBOX_IMAGE)).isTrue();
    try (DockerJavaContainerEngine nowhere = new DockerJavaContainerEngine("unix:///tmp/no-docker.sock", null,
        Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> nowhere.container("x")).isInstanceOf(ExecException.class)
          .hasMessageContaining("unix:///tmp/no-docker.sock");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
