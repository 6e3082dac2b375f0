package dev.tandem.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 11's scale target, run by {@code bench/platform-scale}: generated platforms of N hosts × 4
 * pools (8 devices per host, 2 per pool: 1,600 devices at 200 hosts) applied to a running Tandem and
 * exported back, each size {@code runs} times, sizes interleaved; and {@code GET /api/v1/pools/{pool}}
 * of a pool of the example's size in each large inventory against the same read on the example
 * platform, to show a read costs what its answer holds, not what the inventory holds. Not a test: a
 * program with a main.
 *
 * <p>Arguments: Tandem's URL, the admin secret, runs, then the host counts (e.g. 50 100 200).
 */
public final class PlatformScaleBench {

  static final int POOLS = 4;
  static final int DEVICES_PER_POOL = 2;
  /** A fifth pool of the example's size (3 members), whatever the size of the rest. */
  static final String SMALL = "pool-small";

  private final AdminApi api;

  PlatformScaleBench(URI base, String adminSecret) {
    this.api = new AdminApi(base, adminSecret);
  }

  public static void main(String[] args) throws Exception {
    PlatformScaleBench bench = new PlatformScaleBench(URI.create(args[0]), args[1]);
    int runs = Integer.parseInt(args[2]);
    List<Integer> sizes = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      sizes.add(Integer.parseInt(args[i]));
    }
    bench.run(runs, sizes);
  }

  void run(int runs, List<Integer> sizes) throws Exception {
    int n = sizes.size();
    List<List<Double>> apply = lists(n);
    List<List<Double>> export = lists(n);
    List<List<Double>> poolRead = lists(n);
    List<Double> exampleRead = new ArrayList<>();
    String example = Files.readString(Path.of("config/examples/rhv-ocp.yaml"));
    for (int run = 1; run <= runs; run++) {
      api.send("PUT", "/api/v1/platform?cascade=true", "{}", "application/json");
      api.send("PUT", "/api/v1/platform", example, "application/yaml");
      exampleRead.add(medianMillis("/api/v1/pools/gluster-rhv", 20_000));
      for (int i = 0; i < n; i++) {
        int hosts = sizes.get(i);
        String spec = spec(hosts);
        api.send("PUT", "/api/v1/platform?cascade=true", "{}", "application/json");   // from empty, every run
        long t0 = System.nanoTime();
        api.send("PUT", "/api/v1/platform", spec, "application/json");
        long t1 = System.nanoTime();
        String exported = api.send("GET", "/api/v1/platform", null, null);
        long t2 = System.nanoTime();
        if (exported.length() < spec.length() / 2) {
          throw new IllegalStateException("the export of " + hosts + " hosts is too short: " + exported.length());
        }
        apply.get(i).add((t1 - t0) / 1e9);
        export.get(i).add((t2 - t1) / 1e9);
        poolRead.get(i).add(medianMillis("/api/v1/pools/" + SMALL, 20_000));
        System.err.printf(Locale.ROOT, "run %d, %d hosts: apply %.2f s, export %.2f s%n", run, hosts,
            (t1 - t0) / 1e9, (t2 - t1) / 1e9);
      }
    }
    System.out.printf(Locale.ROOT, "%n%-6s %8s %28s %28s %38s%n", "hosts", "devices", "apply s (min/median/max)",
        "export s (min/median/max)", "GET 3-member pool p50 ms (min/med/max)");
    System.out.printf(Locale.ROOT, "%-6s %8d %28s %28s %38s%n", "example", 18, "", "", Stats.of(exampleRead).text(3));
    for (int i = 0; i < n; i++) {
      int hosts = sizes.get(i);
      System.out.printf(Locale.ROOT, "%-6d %8d %28s %28s %38s%n", hosts, hosts * POOLS * DEVICES_PER_POOL + 3,
          Stats.of(apply.get(i)).text(2), Stats.of(export.get(i)).text(2), Stats.of(poolRead.get(i)).text(3));
    }
    double smallest = Stats.of(apply.get(0)).median() + Stats.of(export.get(0)).median();
    double largest = Stats.of(apply.get(n - 1)).median() + Stats.of(export.get(n - 1)).median();
    System.out.printf(Locale.ROOT, "apply+export at %d hosts: %.2f s (target < 5 s); %.1fx the time of %d hosts"
        + " for %.1fx the hosts (linear: the same factor; less: fixed costs still weigh)%n", sizes.get(n - 1), largest, largest / smallest,
        sizes.get(0), (double) sizes.get(n - 1) / sizes.get(0));
  }

  /** The p50 of reads of {@code path} on one keep-alive connection (LoadGenerator), in milliseconds. */
  private double medianMillis(String path, int count) throws Exception {
    LoadGenerator.Result result = new LoadGenerator(api.resolve(path), api.authorization())
        .run(1, Duration.ofMillis(500), Duration.ofSeconds(1), count);
    if (result.errors() > 0) {
      throw new IllegalStateException(path + ": " + result.errors() + " answers were not 2xx");
    }
    return result.p50Millis();
  }

  /**
   * {@code hosts} hosts (host-1 runs Heketi, with a macvlan shim per pool), pool-p on VLAN 100+p of
   * eth1 with subnet 10.p.0.0/16, a member on every host (zones 1-3 in turn), devices sdb-sdi: two
   * per pool on every host.
   */
  static String spec(int hosts) {
    StringBuilder s = new StringBuilder("{\"hosts\":[");
    for (int h = 1; h <= hosts; h++) {
      s.append(h > 1 ? "," : "").append("{\"name\":\"host-").append(h).append("\",\"address\":\"10.200.")
          .append(h / 250).append('.').append(h % 250 + 1).append("\",\"interfaces\":[")
          .append("{\"name\":\"eth1\",\"kind\":\"physical\"}");
      for (int p = 1; p <= POOLS; p++) {
        s.append(",{\"name\":\"eth1.").append(100 + p).append("\",\"kind\":\"vlan\",\"parent\":\"eth1\",\"vlanId\":")
            .append(100 + p).append(",\"address\":\"").append(hostIp(p, h, 0)).append("/16\"}");
        if (h == 1) {
          s.append(",{\"name\":\"macvlan").append(p).append("\",\"kind\":\"macvlan-shim\",\"parent\":\"eth1.")
              .append(100 + p).append("\",\"address\":\"").append(hostIp(p, h, 2)).append("/16\"}");
        }
      }
      if (h <= 3) {   // the small pool's VLAN, on its three hosts
        s.append(",{\"name\":\"eth1.").append(100 + POOLS + 1).append("\",\"kind\":\"vlan\",\"parent\":\"eth1\",")
            .append("\"vlanId\":").append(100 + POOLS + 1).append(",\"address\":\"").append(hostIp(POOLS + 1, h, 0))
            .append("/16\"}");
        if (h == 1) {
          s.append(",{\"name\":\"macvlan").append(POOLS + 1).append("\",\"kind\":\"macvlan-shim\",\"parent\":")
              .append("\"eth1.").append(100 + POOLS + 1).append("\",\"address\":\"").append(hostIp(POOLS + 1, h, 2))
              .append("/16\"}");
        }
      }
      s.append("],\"devices\":[");
      for (int d = 0; d < POOLS * DEVICES_PER_POOL + (h <= 3 ? 1 : 0); d++) {
        s.append(d > 0 ? "," : "").append("{\"path\":\"/dev/sd").append((char) ('b' + d)).append("\"}");
      }
      s.append("]}");
    }
    s.append("],\"pools\":[");
    for (int p = 1; p <= POOLS; p++) {
      s.append(p > 1 ? "," : "").append("{\"name\":\"pool-").append(p).append("\",\"purpose\":\"containers\"")
          .append(",\"subnet\":\"10.").append(p).append(".0.0/16\",\"interface\":\"eth1.").append(100 + p)
          .append("\",\"dockerNetwork\":\"pool-").append(p).append("-net\",\"image\":\"rhgs3/rhgs-server-rhel7\"")
          .append(",\"durability\":\"replicate:3\",\"members\":[");
      for (int h = 1; h <= hosts; h++) {
        s.append(h > 1 ? "," : "").append("{\"host\":\"host-").append(h).append("\",\"container\":\"pool-")
            .append(p).append('-').append(h).append("\",\"ip\":\"").append(hostIp(p, h, 1))
            .append("\",\"zone\":").append((h - 1) % 3 + 1).append('}');
      }
      s.append("],\"devices\":[");
      for (int h = 1; h <= hosts; h++) {
        for (int d = 0; d < DEVICES_PER_POOL; d++) {
          char letter = (char) ('b' + (p - 1) * DEVICES_PER_POOL + d);
          s.append(h > 1 || d > 0 ? "," : "").append("{\"host\":\"host-").append(h).append("\",\"device\":\"/dev/sd")
              .append(letter).append("\"}");
        }
      }
      s.append("]}");
    }
    // the small pool: the example's size (3 members, one device each) in the large inventory
    int p = POOLS + 1;
    char last = (char) ('b' + POOLS * DEVICES_PER_POOL);
    s.append(",{\"name\":\"").append(SMALL).append("\",\"purpose\":\"virtualization\",\"subnet\":\"10.").append(p)
        .append(".0.0/16\",\"interface\":\"eth1.").append(100 + p).append("\",\"dockerNetwork\":\"").append(SMALL)
        .append("-net\",\"image\":\"rhgs3/rhgs-server-rhel7\",\"durability\":\"replicate:3\",\"members\":[");
    for (int h = 1; h <= 3; h++) {
      s.append(h > 1 ? "," : "").append("{\"host\":\"host-").append(h).append("\",\"container\":\"").append(SMALL)
          .append('-').append(h).append("\",\"ip\":\"").append(hostIp(p, h, 1)).append("\",\"zone\":").append(h)
          .append('}');
    }
    s.append("],\"devices\":[");
    for (int h = 1; h <= 3; h++) {
      s.append(h > 1 ? "," : "").append("{\"host\":\"host-").append(h).append("\",\"device\":\"/dev/sd").append(last)
          .append("\"}");
    }
    s.append("]}");
    s.append("],\"heketi\":{\"host\":\"host-1\",\"port\":8080,\"image\":\"rhgs3/rhgs-volmanager-rhel7\"}}");
    return s.toString();
  }

  /** Addresses in pool p's 10.p.0.0/16: the host's own (kind 0), its container's (1), the shim's (2). */
  private static String hostIp(int pool, int host, int kind) {
    return "10." + pool + "." + (kind * 10 + host / 250) + "." + (host % 250 + 1);
  }

  private static List<List<Double>> lists(int n) {
    List<List<Double>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
    }
    return out;
  }
}
