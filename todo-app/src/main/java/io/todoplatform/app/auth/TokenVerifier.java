package io.todoplatform.app.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.todoplatform.app.domain.TemporarilyUnavailableException;

/**
 * Checks {@code Authorization: Bearer <JWT>} headers: HS256 only (an "alg: none" or RS256 token is
 * refused), signature, {@code exp}/{@code nbf} when present, and a non-empty {@code sub}.
 */
public final class TokenVerifier {
  private static final long LEEWAY_SECONDS = 30;
  private final JwtSecretSource secrets;

  public TokenVerifier(JwtSecretSource secrets) {
    this.secrets = secrets;
  }

  /** @return the token's subject (the user id) */
  public String subjectOf(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      throw new AuthenticationException("missing Authorization header (expected 'Bearer <token>')");
    }
    String[] parts = authorizationHeader.trim().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
      throw new AuthenticationException("Authorization header must use the Bearer scheme");
    }
    String secret = secrets.secret().orElseThrow(() -> new TemporarilyUnavailableException(
        "authentication is not ready yet (signing secret not loaded)", null));
    try {
      DecodedJWT jwt = JWT.require(Algorithm.HMAC256(secret)).acceptLeeway(LEEWAY_SECONDS).build()
          .verify(parts[1]);
      String subject = jwt.getSubject();
      if (subject == null || subject.isBlank()) {
        throw new AuthenticationException("token has no 'sub' claim");
      }
      return subject;
    } catch (TokenExpiredException e) {
      throw new AuthenticationException("token expired");
    } catch (AlgorithmMismatchException e) {
      throw new AuthenticationException("token must be signed with HS256");
    } catch (SignatureVerificationException e) {
      throw new AuthenticationException("token signature is invalid");
    } catch (JWTVerificationException e) {
      throw new AuthenticationException("token is invalid");
    }
  }
}
