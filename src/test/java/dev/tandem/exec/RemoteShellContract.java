package dev.tandem.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RemoteShell} does, real or recording: it hands the program exactly the argument
 * vector it was given (no word of it read as shell syntax), actions succeed, checks of absent state
 * fail, and files get exactly the content written. Each implementation says how it observes these.
 */
abstract class RemoteShellContract {

  static final List<String> HOSTILE = List.of("plain", "two words", "semi;colon", "$(reboot)", "`id`", "a|b&&c",
      "it's", "\"quoted\"", "back\\slash", "new\nline", "*", "~root", "-rf", "");

  abstract RemoteShell shell();

  abstract SshTarget target();

  /** The argument vector the program received (the recording shell: the one it recorded). */
  abstract List<String> argvSeen(Command command);

  /** What is in a file after {@link RemoteShell#writeFile}. */
  abstract String contentAfterWrite(String path, String content);

  abstract String scratchPath();

  @Test
  void theProgramReceivesExactlyTheArgumentsGiven() {
    Command command = new Command(concat(List.of("printf", "%s\\0"), HOSTILE), null);
    assertThat(argvSeen(command)).containsExactlyElementsOf(command.argv());
  }

  @Test
  void actionsSucceedAndChecksOfAbsentStateFail() {
    assertThat(shell().run(target(), Command.of("true")).ok()).isTrue();
    assertThat(shell().check(target(), Command.of("test", "-e", scratchPath() + "/absent; true")).ok()).isFalse();
  }

  @Test
  void filesGetExactlyTheirContent() {
    String content = "line one\nit's $(not) `run`\n";
    assertThat(contentAfterWrite(scratchPath() + "/dir with space/file", content)).isEqualTo(content);
  }

  static List<String> concat(List<String> a, List<String> b) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
