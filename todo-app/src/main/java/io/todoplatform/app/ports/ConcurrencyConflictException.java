package io.todoplatform.app.ports;

/** An etag-guarded write lost the race: re-read and try again. */
public class ConcurrencyConflictException extends RuntimeException {
  public ConcurrencyConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
