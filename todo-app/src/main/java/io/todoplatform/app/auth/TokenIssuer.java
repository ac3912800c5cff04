package io.todoplatform.app.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Duration;
import java.time.Instant;

/** Signs HS256 tokens; used for the ready-made local token of embedded mode (and by tests). */
public final class TokenIssuer {
  private final String secret;

  public TokenIssuer(String secret) {
    this.secret = secret;
  }

  public String issue(String subject, Duration validity) {
    Instant now = Instant.now();
    return JWT.create().withSubject(subject).withIssuedAt(now).withExpiresAt(now.plus(validity))
        .sign(Algorithm.HMAC256(secret));
  }
}
