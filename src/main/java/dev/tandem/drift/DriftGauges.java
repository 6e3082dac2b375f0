package dev.tandem.drift;

import dev.tandem.coordination.CoordinationProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The {@code tandem_drift_findings{pool,kind}} gauges: the counts of the stored last drift report (pool
 * {@value DriftService#PLATFORM} for a platform-wide finding), whichever replica made it. Every replica
 * reads the stored report again every {@code tandem.coordination.cache-staleness}, so all replicas show the
 * same counts within that bound (aggregate them with {@code max}, not {@code sum}).
 */
@Component
class DriftGauges implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(DriftGauges.class);

  private final DriftStore store;
  private final MultiGauge gauges;
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "drift-gauges-refresh");
    thread.setDaemon(true);
    return thread;
  });
  private Map<List<String>, Long> counted;
  /** When the report the gauges show was made; an older one read meanwhile is not applied over it. */
  private Instant applied;

  DriftGauges(DriftStore store, CoordinationProperties coordination, MeterRegistry meters) {
    this.store = store;
    this.gauges = MultiGauge.builder("tandem.drift.findings")
        .description("Findings of the last stored drift report, by pool (- for platform-wide ones) and kind")
        .register(meters);
    long every = coordination.cacheStaleness().toMillis();
    refresher.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
  }

  /** Sets the gauges to the stored last report's counts (none before any report). */
  void refresh() {
    try {
      store.last().ifPresent(this::count);
    } catch (RuntimeException e) {
      log.debug("drift gauges keep their counts: the last report cannot be read ({})", e.getMessage());
    }
  }

  /**
   * Sets the gauges to the report's counts, unless they show a report made later (a refresh that read the
   * store before a newer report was counted); pools and kinds it does not have disappear. Counts equal to
   * the last ones are left registered: re-registering drops each gauge for a moment, and a scrape then
   * would miss it.
   */
  synchronized void count(DriftReport report) {
    if (applied != null && report.takenAt().isBefore(applied)) {
      return;
    }
    applied = report.takenAt();
    Map<List<String>, Long> counts = new TreeMap<>((a, b) -> String.join("\0", a).compareTo(String.join("\0", b)));
    counts.putAll(report.findings().stream().collect(Collectors.groupingBy(
        f -> List.of(f.pool() == null ? DriftService.PLATFORM : f.pool(), f.kind()), Collectors.counting())));
    if (counts.equals(counted)) {
      return;
    }
    counted = counts;
    gauges.register(counts.entrySet().stream().map(e -> MultiGauge.Row.of(
        Tags.of("pool", e.getKey().get(0), "kind", e.getKey().get(1)), e.getValue())).toList(), true);
  }

  @Override
  public void destroy() {
    refresher.shutdownNow();
  }
}
