package dev.tandem.exec;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A command as an argument vector, never a string: each argument reaches the remote shell quoted,
 * so no value (a pool name, a path, an address) can ever be read as shell syntax. Optional stdin
 * carries file contents.
 */
public record Command(List<String> argv, String stdin) {

  private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9_./=:@%+,-]+$");

  public Command {
    if (argv == null || argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least a program");
    }
    argv = List.copyOf(argv);
  }

  public static Command of(String... argv) {
    return new Command(List.of(argv), null);
  }

  public Command withStdin(String content) {
    return new Command(argv, content);
  }

  /** The command line a POSIX shell runs: every argument that is not plainly safe single-quoted. */
  public String toShell() {
    return argv.stream().map(Command::quote).collect(Collectors.joining(" "));
  }

  /** One shell word: 'it'\''s' style quoting, which no shell reads as anything but a literal. */
  public static String quote(String arg) {
    if (!arg.isEmpty() && SAFE.matcher(arg).matches()) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  @Override
  public String toString() {
    return toShell() + (stdin == null ? "" : " <<'EOF'\n" + stdin + (stdin.endsWith("\n") ? "" : "\n") + "EOF");
  }
}
