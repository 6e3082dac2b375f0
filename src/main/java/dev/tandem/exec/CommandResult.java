package dev.tandem.exec;

/** What a command did: its exit code and what it printed. */
public record CommandResult(int exitCode, String stdout, String stderr) {

  public boolean ok() {
    return exitCode == 0;
  }
}
