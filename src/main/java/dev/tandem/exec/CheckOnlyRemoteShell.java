package dev.tandem.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * A shell for drift reports: checks go to the real shell, every action (commands and file writes) is
 * only recorded and answered as a success, so a step goes on as if it had acted and nothing it would
 * change reaches the host.
 */
public class CheckOnlyRemoteShell implements RemoteShell {

  private final RemoteShell real;
  private final List<Command> withheld = new ArrayList<>();

  public CheckOnlyRemoteShell(RemoteShell real) {
    this.real = real;
  }

  @Override
  public synchronized CommandResult run(SshTarget target, Command command) {
    withheld.add(command);
    return new CommandResult(0, "", "");
  }

  @Override
  public CommandResult check(SshTarget target, Command command) {
    return real.check(target, command);
  }

  @Override
  public synchronized CommandResult writeFile(SshTarget target, String path, String content, String mode) {
    withheld.add(Command.of("install", "-D", "-m", mode, "/dev/stdin", path));
    return new CommandResult(0, "", "");
  }

  /** The actions withheld, in order. */
  public synchronized List<Command> withheld() {
    return List.copyOf(withheld);
  }
}
