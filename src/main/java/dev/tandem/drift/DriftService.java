package dev.tandem.drift;

import dev.tandem.coordination.CoordinationProperties;
import dev.tandem.coordination.SingleFlight;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.provisioning.DriftReports;
import dev.tandem.provisioning.ProvisioningCheck;
import dev.tandem.provisioning.StepDrift;
import dev.tandem.storage.HeketiDrift;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Makes drift reports (Heketi's part, then the hosts' and engines' part), stores the last one, and keeps
 * the {@code tandem_drift_findings{pool,kind}} gauges at its counts (pool {@value #PLATFORM} for a
 * platform-wide finding). Changes nothing on the platform. One report is made at a time on all replicas
 * ({@link SingleFlight}): each reaches every host. A job's drift report ({@link DriftReports}, the last
 * step of {@code restore-heketi-db}) waits for one being made to end, then makes its own.
 */
@Service
class DriftService implements DriftReports {

  static final String PLATFORM = "-";
  static final String SINGLE_FLIGHT = "drift-report";
  /** How long a job's drift report waits for another being made. */
  static final Duration JOB_WAIT = Duration.ofMinutes(2);

  private final HeketiDrift heketi;
  private final ProvisioningCheck hosts;
  private final HeketiBindings bindings;
  private final DriftStore store;
  private final SingleFlight singleFlight;
  private final String replica;
  private final MultiGauge gauges;
  private Map<List<String>, Long> counted;

  DriftService(HeketiDrift heketi, ProvisioningCheck hosts, HeketiBindings bindings, DriftStore store,
      SingleFlight singleFlight, CoordinationProperties coordination, MeterRegistry meters) {
    this.singleFlight = singleFlight;
    this.heketi = heketi;
    this.hosts = hosts;
    this.bindings = bindings;
    this.store = store;
    this.replica = coordination.instance();
    this.gauges = MultiGauge.builder("tandem.drift.findings")
        .description("Findings of the last drift report, by pool (- for platform-wide ones) and kind")
        .register(meters);
  }

  /** Makes a report now, stores it and answers it; 409 problem {@code drift-running} while another is made. */
  DriftReport run() {
    return runIfIdle().orElseThrow(DriftException::running);
  }

  /** {@link #run}, or empty at once while another report is made on any replica. */
  Optional<DriftReport> runIfIdle() {
    return singleFlight.ifIdle(SINGLE_FLIGHT, this::runNow);
  }

  @Override
  public String report() {
    return singleFlight.waiting(SINGLE_FLIGHT, JOB_WAIT, this::runNow)
        .map(r -> "stored (GET /api/v1/drift): " + r.findings().size()
            + (r.findings().size() == 1 ? " finding" : " findings") + "; Heketi: " + r.heketi())
        .orElse("none made: another drift report was still being made after " + JOB_WAIT.toMinutes() + " minutes;"
            + " make one with POST /api/v1/drift");
  }

  private DriftReport runNow() {
    HeketiDrift.Report read = heketi.compare();
    List<Finding> findings = new ArrayList<>();
    read.findings().forEach(f -> findings.add(new Finding(f.pool(), f.kind(), null, f.object(), f.expected(),
        f.found(), f.repair(), List.of(), null)));
    hosts.check().forEach(s -> findings.add(finding(s)));
    DriftReport report = new DriftReport(Instant.now().truncatedTo(ChronoUnit.MILLIS), replica, null, read.status(), findings);
    store.save(report);
    count(report);
    return report;
  }

  /** The last stored report; 404 problem when none is. */
  DriftReport last() {
    DriftReport report = store.last().orElseThrow(DriftException::noReport);
    count(report);
    return report;
  }

  /** The last stored report's findings of one pool; 404 problem when the pool or the report does not exist. */
  DriftReport last(String pool) {
    bindings.layout(pool);
    return last().of(pool);
  }

  private static Finding finding(StepDrift s) {
    String object = s.step() == null ? s.host() : s.step();
    return new Finding(s.pool(), s.kind(), s.host(), object, s.expected(), s.found(), s.repair(), s.wouldRun(),
        s.error());
  }

  /**
   * Sets the gauges to the report's counts; pools and kinds it does not have disappear. Counts equal to
   * the last ones are left registered: re-registering drops each gauge for a moment, and a scrape then
   * would miss it.
   */
  private synchronized void count(DriftReport report) {
    Map<List<String>, Long> counts = new TreeMap<>((a, b) -> String.join("\0", a).compareTo(String.join("\0", b)));
    counts.putAll(report.findings().stream().collect(Collectors.groupingBy(
        f -> List.of(f.pool() == null ? PLATFORM : f.pool(), f.kind()), Collectors.counting())));
    if (counts.equals(counted)) {
      return;
    }
    counted = counts;
    gauges.register(counts.entrySet().stream().map(e -> MultiGauge.Row.of(
        Tags.of("pool", e.getKey().get(0), "kind", e.getKey().get(1)), e.getValue())).toList(), true);
  }
}
