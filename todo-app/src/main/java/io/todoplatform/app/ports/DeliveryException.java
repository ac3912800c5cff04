package io.todoplatform.app.ports;

/**
 * A call to the sidecar (publish, schedule, delete a job) failed. {@link #rejected()} tells a refusal of this very
 * request (the sidecar or the component answered with an error about it) from the sidecar or broker being
 * unreachable; only a refusal can be a poison entry, and even then only when other entries get through.
 */
public class DeliveryException extends RuntimeException {
  private final boolean rejected;

  public DeliveryException(String message, boolean rejected, Throwable cause) {
    super(message, cause);
    this.rejected = rejected;
  }

  public boolean rejected() {
    return rejected;
  }
}
