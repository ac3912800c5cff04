package io.todoplatform.chat.tools;

/** The backend could not be reached through the sidecar (no answer, or daprd's own invocation error). */
public final class BackendUnreachableException extends RuntimeException {
  public BackendUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
