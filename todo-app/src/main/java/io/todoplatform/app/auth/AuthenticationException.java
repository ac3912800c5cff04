package io.todoplatform.app.auth;

/** No valid bearer token: 401. The message says why without echoing the token. */
public class AuthenticationException extends RuntimeException {
  public AuthenticationException(String message) {
    super(message);
  }
}
