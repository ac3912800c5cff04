package io.todoplatform.app.ports;

/** The event was not accepted; the outbox keeps it and retries later. */
public class PublishFailedException extends RuntimeException {
  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
