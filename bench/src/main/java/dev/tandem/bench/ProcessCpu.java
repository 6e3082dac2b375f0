package dev.tandem.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/** The CPU time another process has used, from Linux's {@code /proc/<pid>/stat}. */
final class ProcessCpu {

  /** {@code /proc/<pid>/stat} counts in clock ticks, 100 a second on Linux ({@code getconf CLK_TCK}). */
  private static final long MILLIS_PER_TICK = 10;

  private ProcessCpu() {}

  /** The user and system CPU ms of process {@code pid} so far; always 0 when {@code pid} is null or blank. */
  static LongSupplier of(String pid) {
    if (pid == null || pid.isBlank()) {
      return () -> 0;
    }
    Path stat = Path.of("/proc", pid.strip(), "stat");
    return () -> {
      try {
        String text = Files.readString(stat);
        // fields after the command name (in parentheses, may hold spaces): state is field 3, utime 14, stime 15
        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MILLIS_PER_TICK;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }
}
