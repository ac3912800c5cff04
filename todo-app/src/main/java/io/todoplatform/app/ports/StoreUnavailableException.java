package io.todoplatform.app.ports;

/** The state store (or the sidecar in front of it) cannot be reached; the change is refused whole. */
public class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
