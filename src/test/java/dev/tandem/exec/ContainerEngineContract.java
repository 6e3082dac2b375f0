package dev.tandem.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContainerEngine} does, real or recording: unknown networks and containers are
 * absent, and a network or container it is asked to make is made exactly as specified. Each
 * implementation says how it observes that.
 */
abstract class ContainerEngineContract {

  abstract ContainerEngine engine();

  /** The network as the engine now has it (the recording engine: as it recorded the call). */
  abstract String networkAfterCreate(ContainerEngine.MacvlanNetwork network);

  /** Whether the container now runs from exactly this spec. */
  abstract boolean runsAsSpecified(ContainerSpec spec);

  abstract String parentInterface();

  static ContainerSpec spec(String name, String network, String ip) {
    return new ContainerSpec(name, TestComponents.BUSYBOX_IMAGE, network, ip,
        List.of(new ContainerSpec.Bind("/tmp", "/host-tmp", "ro")), List.of("/run"), false, List.of("NET_ADMIN"),
        List.of(), List.of(), List.of(), "unless-stopped", Map.of("dev.tandem.pool", "contract"));
  }

  @Test
  void unknownNetworksAndContainersAreAbsent() {
    assertThat(engine().network("tandem-contract-none")).isEmpty();
    assertThat(engine().container("tandem-contract-none")).isEmpty();
  }

  @Test
  void makesNetworksAndContainersExactlyAsSpecified() {
    ContainerEngine.MacvlanNetwork network =
        new ContainerEngine.MacvlanNetwork("tandem-contract-net", "198.51.100.0/24", parentInterface(), null);
    assertThat(networkAfterCreate(network)).contains("198.51.100.0/24").contains(parentInterface());
    ContainerSpec spec = spec("tandem-contract-c1", "tandem-contract-net", "198.51.100.77");
    assertThat(runsAsSpecified(spec)).isTrue();
  }
}
