package io.todoplatform.app.domain;

/** The client's If-Match names an older version of the task: it must re-read before writing. */
public class VersionMismatchException extends RuntimeException {
  public VersionMismatchException(long expected, long actual) {
    super("task is at version " + actual + ", the request expected version " + expected);
  }
}
