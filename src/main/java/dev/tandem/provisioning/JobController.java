package dev.tandem.provisioning;

import static dev.tandem.provisioning.JobRequest.Type.REMOVE_DEVICE;
import static dev.tandem.provisioning.JobRequest.Type.REPLACE_DEVICE;
import static dev.tandem.provisioning.JobRequest.Type.RESTORE_HEKETI_DB;

import dev.tandem.security.Caller;
import dev.tandem.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "jobs", description = "Provisioning jobs: the runbook as planned, idempotent, resumable steps")
class JobController {

  private final JobService jobs;
  private final JsonMapper json;
  private final Validator validator;

  JobController(JobService jobs, JsonMapper json, Validator validator) {
    this.jobs = jobs;
    this.json = json;
    this.validator = validator;
  }

  @PostMapping(value = "/jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Start a job (202 + Location), or with dryRun answer its plan (200)",
      description = "Types: prepare-hosts, deploy-pool, deploy-heketi, provision-platform (all of them, then"
          + " reconcile), discover-devices, teardown-pool (needs confirm), wipe-devices (needs confirm),"
          + " restore-heketi-db (needs backup and confirm; admin only; ends with a drift report), replace-device and"
          + " remove-device (admin only; also at /api/v1/pools/{pool}/devices/{host}/{device}/replace and /remove),"
          + " roll-pool (one pool; recreates its gluster containers one host at a time, optionally from another image,"
          + " which it records as the pool's once every member rolled, waiting for self-heal; the pool's volume"
          + " operations answer 503 with Retry-After until it ends); an operator may plan the admin-only"
          + " ones. The body is"
          + " JSON (curl --json '{...}'); any other Content-Type answers 415.")
  ResponseEntity<Object> create(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
          mediaType = "application/json", schema = @io.swagger.v3.oas.annotations.media.Schema(
              implementation = JobRequest.class))) @RequestBody byte[] body,
      @Parameter(description = "Answer the plan only") @RequestParam(defaultValue = "false") boolean dryRun) {
    JobRequest request = read(body);
    if (dryRun || request.dryRun()) {
      return ResponseEntity.ok(jobs.plan(request));
    }
    requireAdminFor(request.type().wire());
    JobViews.Job job = jobs.start(request);
    return ResponseEntity.accepted().location(URI.create(job.self())).body(job);
  }

  /**
   * Jobs that are the admin's alone, to start and to retry (an operator may plan them): a restore puts
   * back a whole Heketi database, its secrets included (like downloading a backup); replace-device and
   * remove-device set device states and delete devices in Heketi, writes Heketi's own device routes keep
   * admin-only. Without security (no caller, or Spring's anonymous one) nothing is refused; any other
   * caller that is not an admin client is.
   */
  static void requireAdminFor(String type) {
    String why = RESTORE_HEKETI_DB.wire().equals(type) ? "the job puts back Heketi's whole database"
        : REPLACE_DEVICE.wire().equals(type) || REMOVE_DEVICE.wire().equals(type)
        ? "the job sets device states and deletes devices in Heketi, which only admins may do" : null;
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (why == null || auth == null || auth instanceof AnonymousAuthenticationToken
        || auth.getPrincipal() instanceof Caller admin && admin.role() == Role.ADMIN) {
      return;
    }
    String who = auth.getPrincipal() instanceof Caller caller
        ? "client " + caller.name() + " (" + caller.role().name().toLowerCase() + ")" : "this caller";
    throw JobProblems.forbidden(who + " may not run " + type, "ask an admin: " + why + " (an operator may plan it"
        + " with dryRun)");
  }

  @GetMapping("/jobs")
  @Operation(summary = "The latest jobs")
  List<JobViews.Job> list() {
    return jobs.list();
  }

  @GetMapping("/jobs/{id}")
  @Operation(summary = "A job, its steps and their logs")
  JobViews.Job get(@PathVariable String id) {
    return jobs.view(id, true);
  }

  @GetMapping(value = "/jobs/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
  @Operation(summary = "The job's log as it is written (curl -N follows it until the job ends)")
  ResponseEntity<StreamingResponseBody> log(@PathVariable String id, HttpServletResponse response) {
    jobs.log(id, Integer.MAX_VALUE);
    StreamingResponseBody stream = out -> {
      int last = 0;
      Instant until = Instant.now().plusSeconds(3600);
      while (Instant.now().isBefore(until)) {
        JobLog.Chunk chunk = jobs.log(id, last);
        if (!chunk.text().isEmpty()) {
          out.write(chunk.text().getBytes(StandardCharsets.UTF_8));
          // since Spring Framework 7 the body stream's flush() does nothing: the servlet response sends the chunk
          response.flushBuffer();
          last = chunk.lastSeq();
        }
        if (chunk.ended()) {
          return;
        }
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    };
    return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(stream);
  }

  @PostMapping("/jobs/{id}/cancel")
  @Operation(summary = "Stop a running job after its current steps")
  JobViews.Job cancel(@PathVariable String id) {
    return jobs.cancel(id);
  }

  @PostMapping("/jobs/{id}/retry")
  @Operation(summary = "Run a failed, cancelled or interrupted job again from its first unfinished step")
  ResponseEntity<JobViews.Job> retry(@PathVariable String id) {
    requireAdminFor(jobs.view(id, false).type());
    JobViews.Job job = jobs.retry(id);
    return ResponseEntity.accepted().location(URI.create(job.self())).body(job);
  }

  @GetMapping(value = "/provisioning/ssh-key", produces = MediaType.TEXT_PLAIN_VALUE)
  @Operation(summary = "Tandem's SSH public key: put it in each host's authorized_keys")
  String sshKey() {
    return jobs.tandemPublicKey() + "\n";
  }

  private JobRequest read(byte[] body) {
    JobRequest request;
    try {
      request = json.readValue(body, JobRequest.class);
    } catch (JacksonException e) {
      throw JobProblems.invalid("", "the body is not a job request: " + e.getOriginalMessage(),
          "send JSON such as {\"type\":\"provision-platform\",\"dryRun\":true}");
    }
    if (request == null) {
      throw JobProblems.invalid("", "the body is empty", "send JSON such as {\"type\":\"provision-platform\"}");
    }
    return validated(validator, request);
  }

  /** The request, or a 400 problem naming its first invalid field. */
  static JobRequest validated(Validator validator, JobRequest request) {
    for (ConstraintViolation<JobRequest> v : validator.validate(request)) {
      throw JobProblems.invalid(v.getPropertyPath().toString().replaceAll("<[^>]*>", ""), v.getMessage(),
          v.getInvalidValue() == null ? "give a value" : "replace '" + v.getInvalidValue() + "'");
    }
    return request;
  }
}
