package io.todoplatform.chat.auth;

/** 403: a valid token for another user than the one in the path. */
public final class ForbiddenException extends RuntimeException {
  public ForbiddenException(String message) {
    super(message);
  }
}
