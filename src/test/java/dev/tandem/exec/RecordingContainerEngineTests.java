package dev.tandem.exec;

import java.util.List;

/** The plan-making engine passes the same contract, observed through the calls it recorded. */
class RecordingContainerEngineTests extends ContainerEngineContract {

  final RecordingContainerEngine engine = new RecordingContainerEngine("node1");

  @Override
  ContainerEngine engine() {
    return engine;
  }

  @Override
  String networkAfterCreate(ContainerEngine.MacvlanNetwork network) {
    engine.createNetwork(network);
    return last();
  }

  @Override
  boolean runsAsSpecified(ContainerSpec spec) {
    engine.run(spec);
    return last().equals(spec.toDockerRun()) && last().contains("--ip=198.51.100.77")
        && last().contains("--cap-add=NET_ADMIN") && last().contains("-v /tmp:/host-tmp:ro");
  }

  @Override
  String parentInterface() {
    return "eth1.199";
  }

  private String last() {
    List<String> calls = engine.calls();
    return calls.get(calls.size() - 1);
  }
}
