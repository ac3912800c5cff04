package io.todoplatform.chat.auth;

/** 503: the signing secret has not been read from the secret store (yet). */
public final class AuthUnavailableException extends RuntimeException {
  public AuthUnavailableException(String message) {
    super(message);
  }
}
