package dev.tandem.provisioning;

import java.util.List;
import java.util.Objects;

/** A plan or a step log as text a person reads: per host, each step's checks, commands, files and Docker calls. */
final class PlanScript {

  static String render(String type, List<JobViews.PlannedStep> steps) {
    StringBuilder out = new StringBuilder("# Tandem plan: " + type + " (nothing below has run)\n");
    String host = "";
    for (JobViews.PlannedStep step : steps) {
      String here = step.host() == null ? "platform" : step.host();
      if (!Objects.equals(here, host)) {
        out.append("\n##### ").append(here).append(" #####\n");
        host = here;
      }
      out.append("\n# step ").append(step.seq()).append(": ").append(step.step()).append('\n');
      step.entries().forEach(e -> out.append(line(e)));
    }
    return out.toString();
  }

  static String line(StepContext.Entry e) {
    String exit = e.exitCode() == null || e.exitCode() == 0 || e.kind().equals("check") ? "" : "   # exit " + e.exitCode();
    String output = e.output() == null ? "" : "   # " + e.output().replace("\n", "\n   # ") + "\n";
    return switch (e.kind()) {
      case "check" -> "# check: " + e.text() + (e.exitCode() == null ? "" : " -> " + (e.exitCode() == 0 ? "yes" : "no"))
          + "\n";
      case "file", "command" -> e.text() + (e.content() == null ? "" : " <<'EOF'\n" + e.content()
          + (e.content().endsWith("\n") ? "" : "\n") + "EOF") + exit + "\n" + output;
      case "docker" -> e.text() + exit + "\n" + output;
      case "heketi" -> "# heketi: " + e.text() + (e.output() == null ? "" : " -> " + e.output()) + "\n";
      default -> "# " + e.text() + (e.output() == null ? "" : ": " + e.output()) + "\n";
    };
  }

  private PlanScript() {}
}
