package dev.tandem.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SSH shell against a real OpenSSH sshd on loopback. */
class JschRemoteShellTests extends RemoteShellContract {

  static LocalSshd sshd;
  static JschRemoteShell shell;
  static final MemoryHostKeys MEMORY = new MemoryHostKeys();

  @BeforeAll
  static void start() throws Exception {
    TestComponents.requireSshd();
    sshd = new LocalSshd();
    shell = new JschRemoteShell(sshd.privateKey, MEMORY, Duration.ofSeconds(5), Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    if (shell != null) {
      shell.close();
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  @Override
  RemoteShell shell() {
    return shell;
  }

  @Override
  SshTarget target() {
    return sshd.target("node1");
  }

  @Override
  List<String> argvSeen(Command command) {
    CommandResult result = shell.run(target(), command);
    assertThat(result.ok()).as(result.stderr()).isTrue();
    List<String> received = Arrays.asList(result.stdout().split("\0", -1));
    return concat(command.argv().subList(0, 2), received.subList(0, received.size() - 1));
  }

  @Override
  String contentAfterWrite(String path, String content) {
    assertThat(shell.writeFile(target(), path, content, "0640").ok()).isTrue();
    assertThat(shell.run(target(), Command.of("stat", "-c", "%a", path)).stdout().strip()).isEqualTo("640");
    return shell.run(target(), Command.of("cat", path)).stdout();
  }

  @Override
  String scratchPath() {
    return sshd.dir.toString();
  }

  @Test
  void exitCodesAndErrorsComeBack() {
    CommandResult result = shell.run(target(), Command.of("sh", "-c", "echo out; echo err >&2; exit 3"));
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("err\n");
  }

  @Test
  void aHostileFileNameIsCreatedLiterally() throws Exception {
    String name = sshd.dir + "/x; touch pwned $(touch pwned2) `touch pwned3`";
    assertThat(shell.run(target(), Command.of("touch", name)).ok()).isTrue();
    assertThat(Files.exists(Path.of(name))).isTrue();
    for (String marker : List.of("pwned", "pwned2", "pwned3")) {
      assertThat(Files.exists(Path.of(sshd.dir.toString(), marker))).isFalse();
      assertThat(Files.exists(Path.of(System.getProperty("user.home"), marker))).isFalse();
    }
  }

  @Test
  void theHostKeyIsRecordedOnFirstContactAndAChangedKeyIsRefused() throws Exception {
    shell.run(sshd.target("keyed"), Command.of("true"));
    assertThat(MEMORY.get("keyed")).startsWith("ssh-ed25519 ");
    try (LocalSshd impostor = new LocalSshd();
        JschRemoteShell other = new JschRemoteShell(impostor.privateKey, MEMORY, Duration.ofSeconds(5),
            Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> other.run(new SshTarget("keyed", "127.0.0.1", impostor.port, impostor.user),
          Command.of("true"))).isInstanceOf(ExecException.class).hasMessageContaining("CHANGED");
    }
  }

  @Test
  void anUnreachableHostFailsWithAClearMessage() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThatThrownBy(() -> shell.run(new SshTarget("gone", "127.0.0.1", closed, "root"), Command.of("true")))
        .isInstanceOf(ExecException.class).hasMessageContaining("gone").hasMessageContaining("cannot connect");
  }
}
