package io.todoplatform.chat.auth;

/** An authenticated user and the bearer token they came with (forwarded to the backend by the tools). */
public record Caller(String userId, String bearerToken) {
  @Override
  public String toString() {
    return "Caller[userId=" + userId + "]";
  }
}
