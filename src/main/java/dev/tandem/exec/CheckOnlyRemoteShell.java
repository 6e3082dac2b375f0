package dev.tandem.exec;

/**
 * A shell for drift reports: checks go to the real shell; every action (commands and file writes) is
 * only recorded, as the plan-making shell records it, and answered as a success, so a step goes on as
 * if it had acted and nothing it would change reaches the host.
 */
public class CheckOnlyRemoteShell extends RecordingRemoteShell {

  private final RemoteShell real;

  public CheckOnlyRemoteShell(RemoteShell real) {
    this.real = real;
  }

  @Override
  public CommandResult check(SshTarget target, Command command) {
    return real.check(target, command);
  }
}
