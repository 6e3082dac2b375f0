package dev.tandem.provisioning;

/**
 * One step of a job: on one host (or, with a null host, on the platform), it checks the state and
 * acts only when needed. Its body builds commands and container specs; the context runs them.
 */
public record Step(String host, String name, Body body) {

  /** What a step found: nothing to do, or something done. */
  public enum Outcome {
    UNCHANGED,
    CHANGED
  }

  @FunctionalInterface
  public interface Body {
    Outcome run(StepContext context);
  }
}
