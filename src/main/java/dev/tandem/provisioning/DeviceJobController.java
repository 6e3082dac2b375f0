package dev.tandem.provisioning;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tandem.inventory.InventoryEdits;
import dev.tandem.inventory.Names;
import dev.tandem.inventory.PlatformService;
import dev.tandem.provisioning.JobRequest.Release;
import dev.tandem.provisioning.JobRequest.Type;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Validator;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A pool's device replaced or removed by name: the jobs {@code replace-device} and {@code remove-device}
 * for the device the path names (as the pool's device routes name it: its path without /dev/, e.g. sdb).
 */
@RestController
@RequestMapping("/api/v1/pools/{pool}/devices/{host}/{device}")
@Tag(name = "jobs")
class DeviceJobController {

  /** What the caller adds to the path: the replacement, what the old device becomes, and whether only to plan. */
  record DeviceJob(
      @JsonProperty("with") @Schema(description = "the free, empty device of the same host that takes its place",
          example = "/dev/sdh") String with,
      @Schema(description = "what the inventory records the old device as", defaultValue = "failed") Release release,
      @Schema(description = "answer the plan only", defaultValue = "false") Boolean dryRun) {}

  private final JobService jobs;
  private final PlatformService platform;
  private final Validator validator;

  DeviceJobController(JobService jobs, PlatformService platform, Validator validator) {
    this.jobs = jobs;
    this.platform = platform;
    this.validator = validator;
  }

  @PostMapping("/replace")
  @Operation(summary = "Replace a pool's device by a free, empty one of the same host (a job: 202 + Location,"
      + " or with dryRun its plan)", description = "Checks the new device on the host (lsblk, wipefs, stable id),"
      + " assigns it to the pool, adds it to Heketi, takes the old one offline, removes it (Heketi moves its bricks)"
      + " and deletes it, then records it as failed (or free). A Heketi refusal fails the job with Heketi's message,"
      + " the old device online again. Admin only; an operator may ask for the plan.")
  ResponseEntity<Object> replace(@PathVariable String pool, @PathVariable String host,
      @Parameter(description = "the device's path without /dev/, e.g. sdb") @PathVariable String device,
      @RequestBody DeviceJob body, @Parameter(description = "Answer the plan only")
      @RequestParam(defaultValue = "false") boolean dryRun) {
    return run(Type.REPLACE_DEVICE, pool, host, device, body, dryRun);
  }

  @PostMapping("/remove")
  @Operation(summary = "Remove a pool's device without replacement (a job: 202 + Location, or with dryRun its"
      + " plan)", description = "Takes the device offline in Heketi, removes it (Heketi moves its bricks to the"
      + " pool's other devices, or refuses) and deletes it, then records it as failed (or free). Admin only; an"
      + " operator may ask for the plan.")
  ResponseEntity<Object> remove(@PathVariable String pool, @PathVariable String host,
      @Parameter(description = "the device's path without /dev/, e.g. sdb") @PathVariable String device,
      @RequestBody(required = false) DeviceJob body, @Parameter(description = "Answer the plan only")
      @RequestParam(defaultValue = "false") boolean dryRun) {
    return run(Type.REMOVE_DEVICE, pool, host, device, body, dryRun);
  }

  private ResponseEntity<Object> run(Type type, String pool, String host, String device, DeviceJob body,
      boolean dryRun) {
    DeviceJob job = body == null ? new DeviceJob(null, null, null) : body;
    if (!("/dev/" + device).matches(Names.DEVICE_PATH)) {
      throw JobProblems.invalid("device", "'" + device + "' is not a device name", "name the device by its path"
          + " without /dev/, e.g. sdb");
    }
    if (type == Type.REMOVE_DEVICE && job.with() != null) {
      throw JobProblems.invalid("with", "remove-device takes no replacement", "leave out \"with\", or POST to"
          + " .../replace");
    }
    JobRequest request = JobController.validated(validator, new JobRequest(type, List.of(pool), List.of(host),
        dryRun || Boolean.TRUE.equals(job.dryRun()), null, null, null, null,
        List.of("/dev/" + device), null, job.with(), job.release(), null));
    String path = InventoryEdits.device(platform.export(), host, device).path();
    request = new JobRequest(type, request.pools(), request.hosts(), request.dryRun(), null, null, null, null,
        List.of(path), null, request.with(), request.release(), null);
    if (request.dryRun()) {
      return ResponseEntity.ok(jobs.plan(request));
    }
    JobController.requireAdminFor(type.wire());
    JobViews.Job started = jobs.start(request);
    return ResponseEntity.accepted().location(URI.create(started.self())).body(started);
  }
}
