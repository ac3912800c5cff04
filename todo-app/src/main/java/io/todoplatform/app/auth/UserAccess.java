package io.todoplatform.app.auth;

import io.todoplatform.app.domain.ValidationException;
import java.util.regex.Pattern;

/** Decides who may act on {@code /api/{userId}/...}: only the user the token was issued to. */
public final class UserAccess {
  /** User ids become parts of state keys: no "||" (Dapr's separator), no spaces, bounded length. */
  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");
  private final TokenVerifier verifier;

  public UserAccess(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /** @return the path's user id, once the token proves the caller is that user */
  public String authorize(String authorizationHeader, String pathUserId) {
    String subject = verifier.subjectOf(authorizationHeader);
    if (!subject.equals(pathUserId)) {
      throw new ForbiddenException("the token's subject may only access its own tasks");
    }
    if (!USER_ID.matcher(pathUserId).matches()) {
      throw ValidationException.of("userId", "must be 1-128 characters of A-Z a-z 0-9 . _ @ + -");
    }
    return pathUserId;
  }
}
