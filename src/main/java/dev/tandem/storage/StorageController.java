package dev.tandem.storage;

import dev.tandem.inventory.HeketiBindings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "heketi", description = "Reconcile Heketi with the inventory; the inventory as a Heketi topology")
class StorageController {

  private final Reconciler reconciler;
  private final HeketiBindings bindings;

  StorageController(Reconciler reconciler, HeketiBindings bindings) {
    this.reconciler = reconciler;
    this.bindings = bindings;
  }

  @PostMapping("/pools/{pool}/reconcile")
  @Operation(summary = "Make Heketi match one pool: its cluster, a node per member, its devices",
      description = "Adopts what Heketi already has, creates what it lacks, reports what the inventory does not"
          + " know. A second run makes no writing call. One reconcile runs at a time on all replicas: while"
          + " one runs, another is refused with 409 urn:tandem:problem:reconcile-running.")
  ReconcileReport reconcile(@PathVariable String pool,
      @Parameter(description = "Let Heketi wipe devices the inventory marks free and empty")
          @RequestParam(defaultValue = "false") boolean destroyData) {
    return reconciler.reconcileIfIdle(List.of(pool), destroyData);
  }

  @PostMapping("/reconcile")
  @Operation(summary = "Make Heketi match every pool",
      description = "One reconcile runs at a time on all replicas: while one runs, another is refused with 409"
          + " urn:tandem:problem:reconcile-running.")
  ReconcileReport reconcileAll(@RequestParam(defaultValue = "false") boolean destroyData) {
    return reconciler.reconcileAllIfIdle(destroyData);
  }

  @GetMapping("/pools/{pool}/topology")
  @Operation(summary = "The pool as a Heketi topology file (heketi-cli topology load --json=…)")
  Map<String, Object> topology(@PathVariable String pool) {
    return TopologyRenderer.render(List.of(bindings.layout(pool)));
  }

  @GetMapping("/topology")
  @Operation(summary = "Every pool as one Heketi topology file, a cluster per pool")
  Map<String, Object> topology() {
    return TopologyRenderer.render(List.copyOf(bindings.layouts().values()));
  }
}
