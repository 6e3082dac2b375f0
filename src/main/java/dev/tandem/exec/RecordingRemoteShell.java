package dev.tandem.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * The plan-making shell: records every command in order, per host, and runs none. It answers as a
 * fresh host would: every check finds nothing (exit 1), every action succeeds (exit 0).
 */
public class RecordingRemoteShell implements RemoteShell {

  /** A recorded command, the host it was meant for, and whether it only checked state. */
  public record Recorded(String host, Command command, boolean check) {}

  private final List<Recorded> recorded = new ArrayList<>();

  @Override
  public synchronized CommandResult run(SshTarget target, Command command) {
    recorded.add(new Recorded(target.host(), command, false));
    return new CommandResult(0, "", "");
  }

  @Override
  public synchronized CommandResult check(SshTarget target, Command command) {
    recorded.add(new Recorded(target.host(), command, true));
    return new CommandResult(1, "", "");
  }

  public synchronized List<Recorded> recorded() {
    return List.copyOf(recorded);
  }
}
