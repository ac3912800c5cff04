package io.todoplatform.chat.conversation;

/** An etag-guarded write lost against a concurrent one. */
public final class ConcurrencyConflictException extends RuntimeException {
  public ConcurrencyConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
