package dev.tandem.provisioning;

import dev.tandem.inventory.PlatformService;
import dev.tandem.storage.ReconcileReport;
import dev.tandem.storage.Reconciler;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What a job's step acts through: its host's session and root, its log, and Tandem's own services
 * (reconcile, Heketi's endpoint and answers, the devices recorded and guarded, device swaps, drift
 * reports, the pools' images).
 */
@Component
class StepContexts {

  private final PlatformService platform;
  private final Reconciler reconciler;
  private final DeviceRecorder devices;
  private final HeketiEndpoints heketiEndpoints;
  private final HeketiDeviceSwap deviceSwap;
  private final ObjectProvider<DriftReports> driftReports;
  private final PoolImages poolImages;
  private final ProvisioningProperties properties;

  StepContexts(PlatformService platform, Reconciler reconciler, DeviceRecorder devices,
      HeketiEndpoints heketiEndpoints, HeketiDeviceSwap deviceSwap, ObjectProvider<DriftReports> driftReports,
      PoolImages poolImages, ProvisioningProperties properties) {
    this.platform = platform;
    this.reconciler = reconciler;
    this.devices = devices;
    this.heketiEndpoints = heketiEndpoints;
    this.deviceSwap = deviceSwap;
    this.driftReports = driftReports;
    this.poolImages = poolImages;
    this.properties = properties;
  }

  /** The context of {@code step} on {@code session}: what it does goes to {@code log}, secrets masked. */
  StepContext of(Step step, HostSession session, Set<String> masked, Consumer<StepContext.Entry> log) {
    return new StepContext(session.target(), session.shell(), session.engine(),
        Planner.root(properties.rootPrefix(), step.host()), masked, log, this::reconcile, devices::record)
        .withHeketiSwitch(heketiEndpoints::use)
        .withHeketiAnswers(heketiEndpoints::awaitAnswer)
        .withWipeGuard(devices)
        .withDeviceSwap(deviceSwap)
        .withDriftReports(() -> driftReports.getObject().report())
        .withPoolImages(poolImages::record);
  }

  private StepContext.PlatformResult reconcile() {
    ReconcileReport report = reconciler.reconcile(platform.export().pools().stream().map(p -> p.name()).toList(),
        false);
    String failures = report.pools().stream().filter(p -> p.error() != null)
        .map(p -> p.pool() + ": " + p.error()).reduce((a, b) -> a + "; " + b).orElse(null);
    if (failures != null) {
      throw new StepFailed("reconcile failed for " + failures);
    }
    return new StepContext.PlatformResult(report.changed(), report.message());
  }
}
