package dev.tandem.storage;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import dev.tandem.heketi.HeketiException;
import dev.tandem.security.AccessPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "volumes", description = "Volumes by pool name, and their asynchronous operations")
class VolumeController {

  private final VolumeService volumes;
  private final VolumeViews views;

  VolumeController(VolumeService volumes, VolumeViews views) {
    this.volumes = volumes;
    this.views = views;
  }

  /** The body of POST …/expand. */
  record Expand(@NotNull @Min(1) @Max(1_048_576) Integer addGiB) {}

  @PostMapping("/pools/{pool}/volumes")
  @Operation(summary = "Create a volume in the pool, pinned to its Heketi cluster",
      description = "Answers 202 with the operation at its Location; with wait=SECONDS it waits that long and"
          + " answers 201 with the volume when done in time. 409 while an earlier operation on the name has an"
          + " unknown outcome; 503 when every operation thread and waiting place is taken, and 503 with"
          + " Retry-After while a roll-pool job works on the pool (as for expand and delete).")
  ResponseEntity<Object> create(@PathVariable String pool, @Valid @RequestBody VolumeRequest request,
      @Parameter(description = "Seconds to wait for the result (0-600)") @RequestParam(defaultValue = "0")
          @Min(0) @Max(600) int wait) {
    VolumeLimits.check(volumes.bindings().layout(pool), request);
    return answer(volumes.create(pool, request), wait, 201);
  }

  @GetMapping("/pools/{pool}/volumes")
  @Operation(summary = "List the pool's volumes, including those Heketi has in its cluster that Tandem did not make")
  List<VolumeView> list(@PathVariable String pool) {
    return views.list(pool);
  }

  @GetMapping("/pools/{pool}/volumes/{name}")
  @Operation(summary = "Read a volume, with its mount information")
  VolumeView get(@PathVariable String pool, @PathVariable String name) {
    return views.volume(pool, name);
  }

  @PostMapping("/pools/{pool}/volumes/{name}/expand")
  @Operation(summary = "Grow a volume by addGiB")
  ResponseEntity<Object> expand(@PathVariable String pool, @PathVariable String name,
      @Valid @RequestBody Expand request, @RequestParam(defaultValue = "0") @Min(0) @Max(600) int wait) {
    return answer(volumes.expand(pool, name, request.addGiB()), wait, 200);
  }

  @DeleteMapping("/pools/{pool}/volumes/{name}")
  @Operation(summary = "Delete a volume (idempotent: 204 when there is nothing to delete)",
      description = "409 while an operation on the volume has an unknown outcome: Heketi may still hold it.")
  ResponseEntity<Object> delete(@PathVariable String pool, @PathVariable String name,
      @RequestParam(defaultValue = "0") @Min(0) @Max(600) int wait) {
    return volumes.delete(pool, name).map(op -> answer(op, wait, 204)).orElse(ResponseEntity.noContent().build());
  }

  @GetMapping("/operations/{id}")
  @Operation(summary = "An asynchronous volume operation; wait=SECONDS waits for it to end",
      description = "States: queued, running, unknown, succeeded, failed. An operation whose outcome Tandem could"
          + " not observe is unknown: Tandem settles it by reading Heketi (the volume by name for a create, its"
          + " size for an expand, its presence for a delete) at once, then on a schedule, and at a GET (at most"
          + " once per tandem.storage.resolve-first-retry).")
  OperationView operation(@PathVariable String id,
      @RequestParam(defaultValue = "0") @Min(0) @Max(600) int wait) {
    if (!AccessPolicy.visible(volumes.operation(id).pool())) {
      return volumes.operation("not-yours");
    }
    return volumes.await(id, Duration.ofSeconds(wait));
  }

  /** 202 until it ends (queued, running, unknown); then the volume (nothing, for a delete), or the failure's problem. */
  private ResponseEntity<Object> answer(OperationView op, int wait, int doneStatus) {
    OperationView now = wait > 0 ? volumes.await(op.id(), Duration.ofSeconds(wait)) : op;
    URI location = URI.create(now.self());
    if (!now.ended()) {
      return ResponseEntity.accepted().location(location).body(now);
    }
    if (!"succeeded".equals(now.state())) {
      throw failure(now);
    }
    return doneStatus == 204 ? ResponseEntity.noContent().build()
        : ResponseEntity.status(doneStatus).location(URI.create(now.volumeUrl()))
            .body(views.volume(now.pool(), now.volume()));
  }

  private static ErrorResponseException failure(OperationView op) {
    HttpStatus status = op.upstreamStatus() == null ? HttpStatus.CONFLICT : HeketiException.statusFor(op.upstreamStatus());
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
        op.kind() + " volume " + op.volume() + " of pool " + op.pool() + " " + op.state() + ": " + op.message());
    problem.setType(URI.create(op.upstreamStatus() == null ? "urn:tandem:problem:operation-failed"
        : "urn:tandem:problem:heketi"));
    problem.setTitle("The operation did not succeed");
    problem.setProperty("operation", op.self());
    if (op.upstreamStatus() != null) {
      problem.setProperty("upstreamStatus", op.upstreamStatus());
      problem.setProperty("upstreamMessage", op.message());
    }
    return new ErrorResponseException(status, problem, null);
  }
}
