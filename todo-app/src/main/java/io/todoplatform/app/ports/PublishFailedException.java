package io.todoplatform.app.ports;

/** The event was not accepted; the outbox keeps it and retries later. */
public class PublishFailedException extends DeliveryException {
  public PublishFailedException(String message, boolean rejected, Throwable cause) {
    super(message, rejected, cause);
  }
}
