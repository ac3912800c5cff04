package io.todoplatform.app.ports;

/** The scheduler did not accept the request; the outbox keeps the command and retries later. */
public class JobSchedulingException extends RuntimeException {
  public JobSchedulingException(String message, Throwable cause) {
    super(message, cause);
  }
}
