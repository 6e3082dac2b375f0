package dev.tandem.drift;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "drift", description = "What differs between the inventory and Heketi, the Docker engines and the hosts")
class DriftController {

  private final DriftService drift;

  DriftController(DriftService drift) {
    this.drift = drift;
  }

  @GetMapping("/drift")
  @Operation(summary = "The last drift report, with its time; 404 problem when none was made yet")
  DriftReport last() {
    return drift.last();
  }

  @PostMapping("/drift")
  @Operation(summary = "Make a drift report now and answer it (operator, admin)",
      description = "Read-only: checks Heketi (as reconcile reads it) and every host and Docker engine (the check"
          + " half of prepare-hosts, deploy-pool and deploy-heketi; no action runs). Each finding names what"
          + " differs, what the inventory says, what was found and the job or call that repairs it. A host that"
          + " cannot be reached is a finding of kind host; Heketi not configured or down is said in heketi. One"
          + " report is made at a time on all replicas: while one is, another is refused with 409"
          + " urn:tandem:problem:drift-running.")
  DriftReport run() {
    return drift.run();
  }

  @GetMapping("/pools/{pool}/drift")
  @Operation(summary = "The last drift report's findings of one pool; 404 problem for an unknown pool or no report")
  DriftReport pool(@PathVariable String pool) {
    return drift.last(pool);
  }
}
