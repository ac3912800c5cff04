package io.todoplatform.chat.auth;

/** 401: no bearer token, or one that is not valid. */
public final class AuthenticationException extends RuntimeException {
  public AuthenticationException(String message) {
    super(message);
  }
}
