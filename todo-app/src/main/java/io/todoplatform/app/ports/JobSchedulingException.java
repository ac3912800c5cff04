package io.todoplatform.app.ports;

/** The scheduler did not accept the request; the outbox keeps the command and retries later. */
public class JobSchedulingException extends DeliveryException {
  public JobSchedulingException(String message, boolean rejected, Throwable cause) {
    super(message, rejected, cause);
  }
}
