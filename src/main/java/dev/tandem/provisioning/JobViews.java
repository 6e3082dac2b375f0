package dev.tandem.provisioning;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/** What the jobs API answers. */
final class JobViews {

  /** A plan: every step with what it would check and do, and the same as one script for people. */
  record Plan(String type, boolean dryRun, List<PlannedStep> steps, String script) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PlannedStep(int seq, String host, String step, List<StepContext.Entry> entries) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Job(String id, String type, String state, String message, OffsetDateTime createdAt, OffsetDateTime startedAt,
      OffsetDateTime endedAt, List<JobStep> steps, String self, String log) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record JobStep(int seq, String host, String step, String state, OffsetDateTime startedAt, OffsetDateTime endedAt,
      String log) {}

  private JobViews() {}
}
