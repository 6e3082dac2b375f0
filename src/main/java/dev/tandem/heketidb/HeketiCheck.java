package dev.tandem.heketidb;

import dev.tandem.heketi.HeketiClient;
import dev.tandem.heketi.HeketiClient.Raw;
import dev.tandem.heketi.HeketiException;
import dev.tandem.heketi.HeketiModel.ClusterInfo;
import dev.tandem.heketidb.CheckReport.ClusterCheck;
import dev.tandem.heketidb.CheckReport.Examination;
import dev.tandem.heketidb.CheckReport.KindSummary;
import dev.tandem.heketidb.CheckReport.PoolCheck;
import dev.tandem.inventory.HeketiBindings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs Heketi's consistency check ({@code GET /db/check}) and its gluster state examination ({@code GET
 * /internal/state/examine/gluster}; a Heketi that answers it 404 or 501 does not have it, and any other
 * failure of it is reported, not thrown), and sorts
 * every finding to the cluster whose id, or the id of one of whose nodes or volumes, it names. Read-only:
 * it changes nothing in Heketi.
 */
@Service
class HeketiCheck {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<Integer> NOT_AVAILABLE = Set.of(404, 405, 501);

  private final HeketiClient heketi;
  private final HeketiBindings bindings;

  HeketiCheck(HeketiClient heketi, HeketiBindings bindings) {
    this.heketi = heketi;
    this.bindings = bindings;
  }

  CheckReport check() {
    JsonNode db = read("/db/check", "check Heketi's database");
    Map<String, KindSummary> database = new TreeMap<>();
    List<String> findings = new ArrayList<>();
    db.properties().forEach(kind -> {
      if (kind.getValue().isObject()) {
        List<String> inconsistencies = strings(kind.getValue().path("inconsistencies"));
        findings.addAll(inconsistencies);
        JsonNode k = kind.getValue();
        database.put(kind.getKey(), new KindSummary(k.path("total").asInt(), k.path("pending").asInt(),
            k.path("ok").asInt(), k.path("notok").asInt(), inconsistencies));
      }
    });
    Examination examination = examine(findings);
    Map<String, ClusterInfo> clusters = new LinkedHashMap<>();
    heketi.clusters().clusters().forEach(id -> clusters.put(id, heketi.cluster(id)));
    Map<String, List<String>> byCluster = new LinkedHashMap<>();
    List<String> other = new ArrayList<>();
    for (String finding : findings) {
      List<String> named = clusters.values().stream().filter(c -> names(finding, c)).map(ClusterInfo::id).toList();
      named.forEach(id -> byCluster.computeIfAbsent(id, x -> new ArrayList<>()).add(finding));
      if (named.isEmpty()) {
        other.add(finding);
      }
    }
    List<PoolCheck> pools = new ArrayList<>();
    Set<String> bound = new HashSet<>();
    bindings.clusterIds().forEach((pool, ids) -> {
      bound.addAll(ids);
      pools.add(new PoolCheck(pool,
          ids.stream().filter(clusters::containsKey).map(id -> summary(clusters.get(id), byCluster)).toList(),
          ids.stream().filter(id -> !clusters.containsKey(id)).toList()));
    });
    List<ClusterCheck> unknown = clusters.values().stream().filter(c -> !bound.contains(c.id()))
        .map(c -> summary(c, byCluster)).toList();
    int total = db.path("totalinconsistencies").asInt();
    boolean consistent = total == 0 && byCluster.isEmpty();
    return new CheckReport(consistent, total, database, pools, unknown, other, examination);
  }

  /** Adds the examination's report lines to {@code findings}, if Heketi has the examination. */
  private Examination examine(List<String> findings) {
    String what = "examine Heketi's gluster state";
    Raw raw = heketi.exchange("GET", "/internal/state/examine/gluster", null, null, what);
    if (raw.status() != 200) {
      return new Examination(false, "Heketi answered " + raw.status() + " (" + text(raw) + ")"
          + (NOT_AVAILABLE.contains(raw.status()) ? ": this Heketi does not offer the gluster state examination"
              : ": the examination failed"));
    }
    JsonNode report = parse(raw, what).path("report");
    findings.addAll(strings(report));
    return new Examination(true, report.size() + " report lines");
  }

  private static ClusterCheck summary(ClusterInfo cluster, Map<String, List<String>> byCluster) {
    return new ClusterCheck(cluster.id(), size(cluster.nodes()), size(cluster.volumes()),
        byCluster.getOrDefault(cluster.id(), List.of()));
  }

  /** Whether a finding names the cluster, or one of its nodes or volumes. */
  private static boolean names(String finding, ClusterInfo cluster) {
    return Stream.of(List.of(cluster.id()), orEmpty(cluster.nodes()), orEmpty(cluster.volumes()))
        .flatMap(List::stream).anyMatch(finding::contains);
  }

  private JsonNode read(String path, String what) {
    Raw raw = heketi.exchange("GET", path, null, null, what);
    if (raw.status() != 200) {
      throw new HeketiException(what, raw.status(), text(raw));
    }
    return parse(raw, what);
  }

  private static JsonNode parse(Raw raw, String what) {
    try {
      return JSON.readTree(raw.body());
    } catch (JacksonException e) {
      throw new HeketiException(what, raw.status(), "unreadable JSON: " + e.getOriginalMessage());
    }
  }

  private static String text(Raw raw) {
    return new String(raw.body(), StandardCharsets.UTF_8).strip();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  private static int size(List<String> list) {
    return orEmpty(list).size();
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }
}
