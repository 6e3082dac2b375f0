package dev.tandem.exec;

/**
 * Runs commands on a host. Implementations: {@link JschRemoteShell} over SSH, {@link
 * RecordingRemoteShell} for plans. Both pass {@code RemoteShellContract}.
 */
public interface RemoteShell {

  /** Runs one command and answers its result; a failure to reach the host is a {@link ExecException}. */
  CommandResult run(SshTarget target, Command command);

  /**
   * Runs a command that only asks about state (exit 0: present). Steps check before they act; a
   * recording shell answers every check "absent", so a plan shows every action.
   */
  default CommandResult check(SshTarget target, Command command) {
    return run(target, command);
  }

  /** Writes a file with the given content and mode, through {@code install} fed on stdin. */
  default CommandResult writeFile(SshTarget target, String path, String content, String mode) {
    return run(target, Command.of("install", "-D", "-m", mode, "/dev/stdin", path).withStdin(content));
  }
}
