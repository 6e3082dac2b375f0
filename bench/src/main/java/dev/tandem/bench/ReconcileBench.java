package dev.tandem.bench;

import dev.tandem.heketi.FakeHeketiCore;
import dev.tandem.heketi.FastHeketi;
import dev.tandem.heketi.Transcripts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 11's reconcile target, run by {@code bench/reconcile}: the runbook topology (2 pools, 6
 * nodes, 18 devices) reconciled by a running Tandem into a fresh calibrated stand-in Heketi, then
 * reconciled again with nothing to change ten times in a row (the run's figure is their median),
 * {@code runs} times after two unrecorded runs that warm the JIT up. The stand-in
 * runs in this process on the port Tandem was given as its Heketi, and is emptied before each run;
 * Tandem's inventory is emptied and the example applied again, so each first reconcile starts from
 * unbound pools. Not a test: a program with a main.
 *
 * <p>Arguments: Tandem's URL, the admin secret, the stand-in's port, runs.
 */
public final class ReconcileBench {

  static final int WRITES = 2 + 6 + 18;   // clusters, nodes, devices of the runbook topology
  /** Unrecorded runs first, each with more reconciles with nothing to change: the JIT's warm-up. */
  static final int WARM_UP_RUNS = 2;
  static final int WARM_UP_UNCHANGED = 30;
  /** A run's figure for "nothing to change" is the median of this many calls in a row. */
  static final int UNCHANGED_PER_RUN = 10;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AdminApi api;

  ReconcileBench(URI base, String adminSecret) {
    this.api = new AdminApi(base, adminSecret);
  }

  public static void main(String[] args) throws Exception {
    FakeHeketiCore core = new FakeHeketiCore(2048);
    core.calibrate(System::nanoTime);
    try (FastHeketi heketi = new FastHeketi(core, Integer.parseInt(args[2]))) {
      new ReconcileBench(URI.create(args[0]), args[1]).run(core, Integer.parseInt(args[3]));
    }
  }

  void run(FakeHeketiCore core, int runs) throws Exception {
    String example = Files.readString(Path.of("config/examples/rhv-ocp.yaml"));
    List<Double> fresh = new ArrayList<>();
    List<Double> unchanged = new ArrayList<>();
    for (int run = 1 - WARM_UP_RUNS; run <= runs; run++) {
      api.send("PUT", "/api/v1/platform?cascade=true", "{}", "application/json");
      core.reset();
      api.send("PUT", "/api/v1/platform", example, "application/yaml");
      long t0 = System.nanoTime();
      JsonNode first = JSON.readTree(api.send("POST", "/api/v1/reconcile", null, null));
      double freshMillis = (System.nanoTime() - t0) / 1e6;
      check(first, WRITES, "the first reconcile");
      List<Double> again = new ArrayList<>();
      for (int i = 0; i < (run > 0 ? UNCHANGED_PER_RUN : WARM_UP_UNCHANGED); i++) {
        long t1 = System.nanoTime();
        JsonNode second = JSON.readTree(api.send("POST", "/api/v1/reconcile", null, null));
        again.add((System.nanoTime() - t1) / 1e6);
        check(second, 0, "a reconcile with nothing to change");
      }
      if (run > 0) {   // the runs before warm Tandem up (JIT)
        Stats a = Stats.of(again);
        fresh.add(freshMillis);
        unchanged.add(a.median());
        System.err.printf(Locale.ROOT, "run %d: fresh %.1f ms, nothing to change %s ms (%d calls)%n", run,
            freshMillis, a.text(1), again.size());
      }
    }
    double loadFirst = recordedTopologyLoad(0);
    double loadSecond = recordedTopologyLoad(1);
    Stats f = Stats.of(fresh);
    Stats u = Stats.of(unchanged);
    System.out.printf(Locale.ROOT, "%n%-44s %28s %34s %s%n", "figure", "ms (min/median/max)",
        "recorded heketi-cli topology load", "target (issue 11)");
    System.out.printf(Locale.ROOT, "%-44s %28s %34s %s%n", "reconcile, fresh stand-in (26 writes)", f.text(1),
        String.format(Locale.ROOT, "%.0f ms (%.1fx faster)", loadFirst * 1000, loadFirst * 1000 / f.median()),
        "3: <= 700 ms, >= 10x faster than topology load");
    System.out.printf(Locale.ROOT, "%-44s %28s %34s %s%n", "reconcile, nothing to change (0 writes)", u.text(1),
        String.format(Locale.ROOT, "%.0f ms (%.1fx)", loadSecond * 1000, loadSecond * 1000 / u.median()),
        "3: <= 50 ms");
  }

  /** The wall time of a recorded {@code heketi-cli topology load} of the runbook topology (transcripts). */
  private static double recordedTopologyLoad(int index) {
    return Transcripts.load("topology-load.json").get("runs").get(index).get("wall_seconds").asDouble();
  }

  private static void check(JsonNode report, int writes, String what) {
    int made = report.at("/heketiCalls/writes").asInt(-1);
    if (made != writes) {
      throw new IllegalStateException(what + " made " + made + " writing calls, not " + writes + ": " + report);
    }
  }
}
