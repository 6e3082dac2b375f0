package dev.tandem.provisioning;

/** A step cannot go on; the message says what failed and what to do. */
class StepFailed extends RuntimeException {

  StepFailed(String message) {
    super(message);
  }
}
