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
    return new SshTarget("node1", "192.0.2.99", 22, "root");
  }

  @Override
  List<String> argvSeen(Command command) {
    shell.run(target(), command);
    return last().command().argv();
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
