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
    return String.join(" ", argv(last()));
  }

  /** The recorded docker command, as a real shell splits it, asks for exactly this container. */
  @Override
  boolean runsAsSpecified(ContainerSpec spec) {
    engine.run(spec);
    List<String> argv = argv(last());
    return argv.subList(0, 3).equals(List.of("docker", "run", "-d")) && argv.contains("--name=" + spec.name())
        && argv.contains("--net=" + spec.network()) && argv.contains("--ip=" + spec.ip())
        && argv.contains("--cap-add=NET_ADMIN") && argv.contains("/tmp:/host-tmp:ro")
        && argv.contains("--tmpfs") && argv.contains("dev.tandem.pool=contract")
        && argv.get(argv.size() - 1).equals(spec.image());
  }

  /** Runs the recorded line through /bin/sh with printf in docker's place: the words a shell sees. */
  private static List<String> argv(String line) {
    try {
      Process sh = new ProcessBuilder("/bin/sh", "-c", "printf '%s\\0' " + line).start();
      String out = new String(sh.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      sh.waitFor();
      return java.util.Arrays.asList(out.split("\0"));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
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
