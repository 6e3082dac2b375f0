package dev.tandem.exec;

import java.util.List;

/** The plan-making shell passes the same contract, observed through what it recorded. */
class RecordingRemoteShellTests extends RemoteShellContract {

  final RecordingRemoteShell shell = new RecordingRemoteShell();

  @Override
  RemoteShell shell() {
    return shell;
  }

  @Override
  SshTarget target() {
    return new SshTarget("node1", "node1.plan.invalid", 22, "root");
  }

  /** What a shell makes of the command line the plan shows: a local /bin/sh runs the recorded text. */
  @Override
  List<String> argvSeen(Command command) {
    shell.run(target(), command);
    String line = last().command().toShell();
    try {
      Process sh = new ProcessBuilder("/bin/sh", "-c", line).start();
      String out = new String(sh.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      org.assertj.core.api.Assertions.assertThat(sh.waitFor()).isZero();
      List<String> received = java.util.Arrays.asList(out.split("\0", -1));
      return concat(command.argv().subList(0, 2), received.subList(0, received.size() - 1));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  String contentAfterWrite(String path, String content) {
    shell.writeFile(target(), path, content, "0640");
    org.assertj.core.api.Assertions.assertThat(last().command().argv()).endsWith(path);
    return last().command().stdin();
  }

  @Override
  String scratchPath() {
    return "/tmp/plan";
  }

  private RecordingRemoteShell.Recorded last() {
    List<RecordingRemoteShell.Recorded> all = shell.recorded();
    return all.get(all.size() - 1);
  }
}
