package dev.tandem.provisioning;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.List;

/** What the jobs API answers. */
final class JobViews {

  /** A plan: every step with what it would check and do, and the same as one script for people. */
  record Plan(String type, boolean dryRun, List<PlannedStep> steps, String script) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PlannedStep(int seq, String host, String step, List<StepContext.Entry> entries) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Job(String id, String type, @Schema(description = STATES) String state, String message, OffsetDateTime createdAt, OffsetDateTime startedAt,
      OffsetDateTime endedAt, List<JobStep> steps, String self, String log) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record JobStep(int seq, String host, String step, String state, OffsetDateTime startedAt, OffsetDateTime endedAt,
      @Schema(description = "how many times the step was started: again when the replica running it was killed"
          + " mid-step (steps check before they act, so a step cut in the middle is run again), or on a retry")
      int attempts,
      @Schema(description = "the replica (tandem.coordination.instance) that started the step's last attempt")
      String replica,
      String log) {}

  static final String STATES = "queued: waiting for a job thread on any replica, also after a stopping replica"
      + " handed it back between steps (the next replica continues from its first unfinished step); running: a"
      + " replica runs its steps (if that replica is killed, another resumes the job from its first unfinished"
      + " step once the claim's heartbeats have stopped for tandem.coordination.heartbeat ×"
      + " tandem.coordination.missed-heartbeats); succeeded, failed, cancelled: ended; interrupted: ended by a stop"
      + " of a Tandem version before jobs were claimed through the database (retry resumes it)";

  private JobViews() {}
}
