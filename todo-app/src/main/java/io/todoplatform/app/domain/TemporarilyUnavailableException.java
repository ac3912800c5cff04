package io.todoplatform.app.domain;

/** The change cannot be accepted right now and nothing of it was written: a 503 for the client. */
public class TemporarilyUnavailableException extends RuntimeException {
  public TemporarilyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
