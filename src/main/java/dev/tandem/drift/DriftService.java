package dev.tandem.drift;

import dev.tandem.coordination.CoordinationProperties;
import dev.tandem.coordination.SingleFlight;
import dev.tandem.inventory.HeketiBindings;
import dev.tandem.provisioning.DriftReports;
import dev.tandem.provisioning.ProvisioningCheck;
import dev.tandem.provisioning.StepDrift;
import dev.tandem.storage.HeketiDrift;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Makes drift reports (Heketi's part, then the hosts' and engines' part), stores the last one, and sets
 * the {@code tandem_drift_findings{pool,kind}} gauges ({@link DriftGauges}) to its counts at once (the
 * other replicas follow from the store). Changes nothing on the platform. One report is made at a time
 * on all replicas ({@link SingleFlight}): each reaches every host. A job's drift report ({@link DriftReports}, the last
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
  private final DriftGauges gauges;

  DriftService(HeketiDrift heketi, ProvisioningCheck hosts, HeketiBindings bindings, DriftStore store,
      SingleFlight singleFlight, CoordinationProperties coordination, DriftGauges gauges) {
    this.singleFlight = singleFlight;
    this.heketi = heketi;
    this.hosts = hosts;
    this.bindings = bindings;
    this.store = store;
    this.replica = coordination.instance();
    this.gauges = gauges;
  }

  /** Makes a report now, stores it and answers it; 409 problem {@code drift-running} while another is made. */
  DriftReport run() {
    return runIfIdle().orElseThrow(DriftException::running);
  }

  /** {@link #run}, or empty at once while another report is made on any replica. */
  Optional<DriftReport> runIfIdle() {
    return singleFlight.ifIdle(SINGLE_FLIGHT, () -> runNow().report());
  }

  @Override
  public Made report() {
    return singleFlight.waiting(SINGLE_FLIGHT, JOB_WAIT, this::runNow)
        .map(made -> new Made("stored (GET /api/v1/drift): " + made.report().findings().size()
            + (made.report().findings().size() == 1 ? " finding" : " findings") + "; Heketi: "
            + made.report().heketi(), !made.heketiRead()))
        .orElse(new Made("none made: another drift report was still being made after " + JOB_WAIT.toMinutes()
            + " minutes; make one with POST /api/v1/drift", false));
  }

  /** A report made and stored, and whether Heketi was read for it. */
  private record Run(DriftReport report, boolean heketiRead) {}

  private Run runNow() {
    HeketiDrift.Report read = heketi.compare();
    List<Finding> findings = new ArrayList<>();
    read.findings().forEach(f -> findings.add(new Finding(f.pool(), f.kind(), null, f.object(), f.expected(),
        f.found(), f.repair(), List.of(), null)));
    hosts.check().forEach(s -> findings.add(finding(s)));
    DriftReport report = new DriftReport(Instant.now().truncatedTo(ChronoUnit.MILLIS), replica, null, read.status(), findings);
    store.save(report);
    gauges.count(report);
    return new Run(report, read.read());
  }

  /** The last stored report; 404 problem when none is. */
  DriftReport last() {
    return store.last().orElseThrow(DriftException::noReport);
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
}
