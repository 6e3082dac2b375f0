package dev.tandem.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The summary of {@link BurstBench}: min / median / max of each side's runs, the ratio and issue 11's target 4. */
final class BurstReport {

  /** Target 4: Tandem's median wall time at most this many times the direct median. */
  static final double MAX_RATIO = 1.02;

  private BurstReport() {}

  static void print(List<Burst.Result> direct, List<Burst.Result> tandem) {
    System.out.printf(Locale.ROOT, "%n%-40s %26s %26s%n", "figure (min / median / max)", "direct", "Tandem");
    row("wall ms (barrier to last final answer)", direct, tandem, Burst.Result::wallMillis, 0);
    row("creates ended in an error", direct, tandem, r -> r.errors(), 0);
    row("429s received by the clients", direct, tandem, r -> r.throttled(), 0);
    row("stand-in's peak operations in flight", direct, tandem, r -> r.peakInFlight(), 0);
    System.out.printf(Locale.ROOT, "%-40s %26s %26s%n", "Tandem's CPU ms per create (its JVM)", "-",
        stats(tandem, r -> (double) r.cpuMillis() / r.creates()).text(1));
    double ratio = stats(tandem, Burst.Result::wallMillis).median() / stats(direct, Burst.Result::wallMillis).median();
    int tandemErrors = tandem.stream().mapToInt(Burst.Result::errors).sum();
    System.out.printf(Locale.ROOT, "%nwall time, Tandem median / direct median: %.2fx%n", ratio);
    System.out.printf(Locale.ROOT, "4: <= %.2fx direct, 0 client-visible errors: %s (%.2fx, %d errors through Tandem in %d runs)%n",
        MAX_RATIO, ratio <= MAX_RATIO && tandemErrors == 0 ? "met" : "not met", ratio, tandemErrors, tandem.size());
  }

  private static void row(String name, List<Burst.Result> direct, List<Burst.Result> tandem,
      ToDoubleFunction<Burst.Result> figure, int decimals) {
    System.out.printf(Locale.ROOT, "%-40s %26s %26s%n", name, stats(direct, figure).text(decimals),
        stats(tandem, figure).text(decimals));
  }

  private static Stats stats(List<Burst.Result> runs, ToDoubleFunction<Burst.Result> figure) {
    return Stats.of(runs.stream().map(r -> figure.applyAsDouble(r)).toList());
  }
}
