package io.todoplatform.app.auth;

/** A valid token for another user than the one in the path: 403. */
public class ForbiddenException extends RuntimeException {
  public ForbiddenException(String message) {
    super(message);
  }
}
