package io.todoplatform.chat.conversation;

/** The state store (or the sidecar in front of it) did not answer. */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
