package dev.tandem.bench;

import dev.tandem.heketi.FakeHeketiCore;
import dev.tandem.heketi.FastHeketi;
import dev.tandem.proxy.GoLikeHeketiClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 11's target 4, run by {@code bench/bursts}: 192 volume creates, 64 at a time, by Go-like
 * Heketi clients (polls every 400 ms, the Go client's 429 retries), once straight to a calibrated
 * stand-in Heketi with the admin key and once through Tandem with a pool-scoped key to a second,
 * identical stand-in; each stand-in admits 8 operations in flight and answers a create beyond them
 * with Heketi's 429 (no Retry-After). Both stand-ins run in this process: the one behind Tandem on
 * the port Tandem was given as its Heketi, the direct one on a free port with the topology of the
 * first copied through its API. Not a test: a program with a main.
 *
 * <p>Arguments: Tandem's URL, the admin secret, the stand-in's port, runs, timeScale, warm-up bursts.
 */
public final class BurstBench {

  static final int CLIENTS = 64;
  static final int CREATES_EACH = 3;
  /** Deletes between runs run this many at a time (not measured). */
  static final int DELETE_THREADS = 16;
  static final String POOL = "gluster-ocp";
  static final String CLIENT = "bench-bursts";
  /** {@code heketi-cli volume create --size 1 --clusters <cluster>} (CLIENT-CONTRACT §1.3); %s: the cluster. */
  static final String CREATE = "{\"size\":1,\"clusters\":[\"%s\"],\"name\":\"\",\"durability\":"
      + "{\"type\":\"replicate\",\"replicate\":{\"replica\":3},\"disperse\":{}},\"snapshot\":{\"enable\":false,\"factor\":0}}";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One side of the comparison: how its clients are made, what they send, the stand-in that serves them,
   * the CPU ms its server has used (0 when not measured).
   */
  record Side(String name, Supplier<GoLikeHeketiClient> clients, String createBody, FakeHeketiCore standIn,
      LongSupplier cpuMillis) {}

  public static void main(String[] args) throws Exception {
    URI tandem = URI.create(args[0]);
    String secret = args[1];
    int port = Integer.parseInt(args[2]);
    int runs = Integer.parseInt(args[3]);
    double timeScale = Double.parseDouble(args[4]);
    int warmUps = Integer.parseInt(args[5]);
    FakeHeketiCore behindCore = new FakeHeketiCore(2048);
    behindCore.calibrate(System::nanoTime);
    FakeHeketiCore directCore = new FakeHeketiCore(2048);
    directCore.calibrate(System::nanoTime);
    try (FastHeketi behind = new FastHeketi(behindCore, port); FastHeketi direct = new FastHeketi(directCore, 0)) {
      AdminApi api = new AdminApi(tandem, secret);
      api.send("PUT", "/api/v1/platform", Files.readString(Path.of("config/examples/rhv-ocp.yaml")), "application/yaml");
      String behindCluster = poolCluster(JSON.readTree(api.send("POST", "/api/v1/reconcile", null, null)));
      String poolSecret = JSON.readTree(api.send("POST", "/api/v1/clients",
          "{\"name\":\"" + CLIENT + "\",\"role\":\"pool\",\"pools\":[\"" + POOL + "\"]}", "application/json", 201))
          .get("secret").asString();
      Map<String, String> copied = StandInTopology.copy(behindCore,
          new GoLikeHeketiClient(direct.url(), "admin", FakeHeketiCore.ADMIN_KEY, timeScale));
      Side straight = new Side("direct",
          () -> new GoLikeHeketiClient(direct.url(), "admin", FakeHeketiCore.ADMIN_KEY, timeScale),
          CREATE.formatted(copied.get(behindCluster)), directCore, () -> 0);
      Side viaTandem = new Side("Tandem", () -> new GoLikeHeketiClient(tandem.toString(), CLIENT, poolSecret, timeScale),
          CREATE.formatted(POOL), behindCore, ProcessCpu.of(System.getenv("TANDEM_PID")));
      run(straight, viaTandem, runs, timeScale, warmUps);
    } catch (Burst.PhaseTimeout e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
    System.exit(0);
  }

  /**
   * {@code warmUps} unrecorded bursts like the measured ones through each side (the JIT's warm-up: the
   * issue measures steady state), then {@code runs} runs, interleaved; prints the figures.
   */
  static void run(Side direct, Side tandem, int runs, double timeScale, int warmUps) {
    System.out.printf(Locale.ROOT, "timeScale %s: the Go client's 429 waits (10-30 s without Retry-After, "
        + "Retry-After + 0-10 s with it) are multiplied by it; polls stay every 400 ms%n", timeScale);
    for (int warmUp = 1; warmUp <= warmUps; warmUp++) {
      for (Side side : List.of(direct, tandem)) {
        Burst.Result r = burst(side, CLIENTS, CREATES_EACH, "warm-up " + warmUp);
        System.out.printf(Locale.ROOT, "warm-up %d %-6s wall %8.0f ms (not recorded)%n", warmUp, side.name(),
            r.wallMillis());
      }
    }
    List<Burst.Result> directRuns = new ArrayList<>();
    List<Burst.Result> tandemRuns = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      boolean directFirst = run % 2 == 1;
      for (Side side : directFirst ? List.of(direct, tandem) : List.of(tandem, direct)) {
        Burst.Result r = burst(side, CLIENTS, CREATES_EACH, "run " + run);
        (side == direct ? directRuns : tandemRuns).add(r);
        System.out.printf(Locale.ROOT,
            "run %d %-6s wall %8.0f ms, %d/%d creates ended in an error, %d 429s, stand-in peak %d in flight, "
            + "Tandem's CPU %s ms per create%s%n",
            run, side.name(), r.wallMillis(), r.errors(), r.creates(), r.throttled(), r.peakInFlight(),
            side == tandem ? String.format(Locale.ROOT, "%.1f", (double) r.cpuMillis() / r.creates()) : "-",
            r.firstError() == null ? "" : " (first: " + oneLine(r.firstError()) + ")");
      }
    }
    BurstReport.print(directRuns, tandemRuns);
  }

  /** One measured burst through {@code side}, then its volumes deleted through the same side. */
  private static Burst.Result burst(Side side, int clients, int createsEach, String what) {
    Burst.Result r = Burst.creates(side.clients(), side.standIn(), side.createBody(), clients, createsEach,
        what + ": " + side.name() + " creates", side.cpuMillis());
    Burst.deletes(side.clients(), r.volumeIds(), DELETE_THREADS, what + ": " + side.name() + " deletes");
    return r;
  }

  private static String poolCluster(JsonNode report) {
    for (JsonNode pool : report.get("pools")) {
      if (pool.get("pool").asString().equals(POOL)) {
        return pool.at("/cluster/id").asString();
      }
    }
    throw new IllegalStateException("the reconcile report has no pool " + POOL + ": " + report);
  }

  private static String oneLine(String text) {
    String line = text.strip().replace('\n', ' ');
    return line.length() > 160 ? line.substring(0, 160) + "…" : line;
  }
}
