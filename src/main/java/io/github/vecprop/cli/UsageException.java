package io.github.vecprop.cli;

/** A bad command line: the message is one line naming the flag and what was expected. */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * A usage error.
   *
   * @param message one line naming the flag and what was expected
   */
  public UsageException(String message) {
    super(message);
  }
}
