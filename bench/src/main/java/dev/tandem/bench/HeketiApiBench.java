package dev.tandem.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Runs the rows of a plan with {@link LoadGenerator}, interleaved (run 1 of every row, then run 2,
 * ...: a slow moment of the machine hits every row alike), after one warm-up pass over all rows, and
 * prints min / median / max of p50, p99 and requests/s per row, with the difference or ratio to the
 * row's baseline. Not a test: bench/heketi-api runs it.
 *
 * <p>Usage: {@code HeketiApiBench PLAN RUNS WARMUP_S MEASURE_S MAX_REQUESTS}. A plan line (tab-separated):
 * label, kind ({@code latency}: compare p50 and p99 with the baseline; {@code throughput}: compare
 * requests/s), connections, URL, credentials ({@link Credentials}), baseline label or {@code -},
 * target text or {@code -}. Lines starting with # are comments.
 *
 * <p>{@code CPU_PIDS} (environment, optional): {@code label prefix=pid} pairs separated by commas. A
 * row whose label starts with a prefix also reports the CPU time that process used per request of
 * the measured phase ({@link ProcessCpu}): what one request costs the server that answers it, a
 * figure the machine's other load moves far less than latency and requests/s.
 */
public final class HeketiApiBench {

  record Row(String label, String kind, int connections, URI url, String credentials, String baseline, String target) {
    static Row parse(String line) {
      String[] f = line.split("\t");
      if (f.length != 7) {
        throw new IllegalArgumentException("a plan line has 7 tab-separated fields: " + line);
      }
      return new Row(f[0], f[1], Integer.parseInt(f[2]), URI.create(f[3]), f[4], f[5], f[6]);
    }
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    List<Row> rows = Files.readAllLines(Path.of(args[0])).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#")).map(Row::parse).toList();
    int runs = Integer.parseInt(args[1]);
    Duration warmup = Duration.ofMillis((long) (Double.parseDouble(args[2]) * 1000));
    Duration measure = Duration.ofMillis((long) (Double.parseDouble(args[3]) * 1000));
    int maxRequests = Integer.parseInt(args[4]);

    for (Row row : rows) {
      System.err.printf("warm-up %s%n", row.label());
      generator(row).run(row.connections(), warmup, Duration.ZERO, 1);
    }
    Map<String, String> pids = pids(System.getenv("CPU_PIDS"));
    Map<String, List<LoadGenerator.Result>> results = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    for (int run = 1; run <= runs; run++) {
      for (Row row : rows) {
        LongSupplier cpuMillis = ProcessCpu.of(pids.entrySet().stream().filter(e -> row.label().startsWith(e.getKey()))
            .map(Map.Entry::getValue).findFirst().orElse(null));
        Duration warm = Duration.ofMillis(500);
        long[] atMeasure = new long[1];
        Thread mark = new Thread(() -> {
          try {
            Thread.sleep(warm.toMillis());
            atMeasure[0] = cpuMillis.getAsLong();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        mark.start();
        LoadGenerator.Result r = generator(row).run(row.connections(), warm, measure, maxRequests);
        mark.join();
        double cpuMicros = (cpuMillis.getAsLong() - atMeasure[0]) * 1000.0 / Math.max(1, r.requests());
        results.computeIfAbsent(row.label(), k -> new ArrayList<>()).add(r);
        cpu.computeIfAbsent(row.label(), k -> new ArrayList<>()).add(cpuMicros);
        System.err.printf(Locale.ROOT, "run %d %s: p50 %.3f ms, p99 %.3f ms, %.0f req/s, %d requests, %d errors, %.0f cpu us/req%n",
            run, row.label(), r.p50Millis(), r.p99Millis(), r.perSecond(), r.requests(), r.errors(), cpuMicros);
      }
    }
    print(rows, results, cpu, pids);
  }

  /** {@code prefix=pid,prefix=pid}: the process that answers the rows whose label starts with the prefix. */
  static Map<String, String> pids(String spec) {
    Map<String, String> out = new LinkedHashMap<>();
    if (spec != null) {
      for (String pair : spec.split(",")) {
        int eq = pair.lastIndexOf('=');
        if (eq > 0) {
          out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return out;
  }

  private static LoadGenerator generator(Row row) {
    return new LoadGenerator(row.url(), Credentials.authorization(row.credentials(), "GET", row.url().getRawPath()));
  }

  private static void print(List<Row> rows, Map<String, List<LoadGenerator.Result>> results,
      Map<String, List<Double>> cpu, Map<String, String> pids) {
    String format = "%-44s %5s %-23s %-23s %-26s %-11s %-30s %s%n";
    System.out.printf(format, "figure", "conns", "p50 ms min/med/max", "p99 ms min/med/max",
        "req/s min/med/max", "cpu us/req", "vs baseline (medians)", "target (issue 11)");
    for (Row row : rows) {
      List<LoadGenerator.Result> rs = results.get(row.label());
      int errors = rs.stream().mapToInt(LoadGenerator.Result::errors).sum();
      System.out.printf(format, row.label(), row.connections(),
          stats(rs, LoadGenerator.Result::p50Millis, "%.3f"), stats(rs, LoadGenerator.Result::p99Millis, "%.3f"),
          stats(rs, LoadGenerator.Result::perSecond, "%.0f"), cpuFigure(row, cpu, pids), versus(row, results),
          (row.target().equals("-") ? "" : row.target()) + (errors == 0 ? "" : "  (" + errors + " non-2xx answers!)"));
    }
  }

  /** The median CPU time per request of the row's server, or nothing when its pid is not known. */
  private static String cpuFigure(Row row, Map<String, List<Double>> cpu, Map<String, String> pids) {
    if (pids.keySet().stream().noneMatch(row.label()::startsWith)) {
      return "";
    }
    double[] v = cpu.get(row.label()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format(Locale.ROOT, "%.0f", v[(v.length - 1) / 2]);
  }

  private static String versus(Row row, Map<String, List<LoadGenerator.Result>> results) {
    if (row.baseline().equals("-")) {
      return "";
    }
    List<LoadGenerator.Result> base = results.get(row.baseline());
    List<LoadGenerator.Result> rs = results.get(row.label());
    if (row.kind().equals("throughput")) {
      return String.format(Locale.ROOT, "%.2fx req/s",
          median(rs, LoadGenerator.Result::perSecond) / median(base, LoadGenerator.Result::perSecond));
    }
    return String.format(Locale.ROOT, "%+.3f ms p50, %+.3f ms p99",
        median(rs, LoadGenerator.Result::p50Millis) - median(base, LoadGenerator.Result::p50Millis),
        median(rs, LoadGenerator.Result::p99Millis) - median(base, LoadGenerator.Result::p99Millis));
  }

  private static String stats(List<LoadGenerator.Result> rs, ToDoubleFunction<LoadGenerator.Result> figure, String format) {
    double[] v = rs.stream().mapToDouble(figure).sorted().toArray();
    return String.format(Locale.ROOT, format + " / " + format + " / " + format, v[0], median(rs, figure), v[v.length - 1]);
  }

  /** The middle value (the lower of the two middle ones for an even count). */
  static double median(List<LoadGenerator.Result> rs, ToDoubleFunction<LoadGenerator.Result> figure) {
    double[] v = rs.stream().mapToDouble(figure).sorted().toArray();
    return v[(v.length - 1) / 2];
  }

  private HeketiApiBench() {}
}
