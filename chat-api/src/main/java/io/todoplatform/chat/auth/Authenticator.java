package io.todoplatform.chat.auth;

/**
 * Who is calling, from the Authorization header, for a path that names a user. Kept behind this interface
 * because the backend is changing its token rules: once those land, chat-api and the backend must share one
 * implementation (one auth module), so a token is valid for both or for neither.
 */
public interface Authenticator {
  /**
   * @throws AuthenticationException (401) without a valid bearer token
   * @throws ForbiddenException (403) when the token's subject is not {@code pathUserId}
   * @throws AuthUnavailableException (503) while the signing key cannot be read yet
   */
  Caller authenticate(String authorizationHeader, String pathUserId);
}
