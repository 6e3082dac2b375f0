package dev.tandem.exec;

/** A host or engine could not be reached or did not answer in time; the message says which and why. */
public class ExecException extends RuntimeException {

  public ExecException(String message, Throwable cause) {
    super(message, cause);
  }

  public ExecException(String message) {
    super(message);
  }
}
