package io.todoplatform.app.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.Verification;
import io.todoplatform.app.domain.TemporarilyUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Checks {@code Authorization: Bearer <JWT>} headers: HS256 only (an "alg: none" or RS256 token is refused), the
 * key named by the token's {@code kid} (two keys can be valid at once during a rotation), the signature,
 * {@code exp} (required, and within the maximum lifetime), {@code nbf}, issuer and audience when configured, and a
 * non-empty {@code sub}. Messages say what is wrong without echoing the token.
 */
public final class TokenVerifier {
  private static final long LEEWAY_SECONDS = 30;
  private final JwtKeySource keys;
  private final TokenPolicy policy;
  private final Clock clock;

  public TokenVerifier(JwtKeySource keys, TokenPolicy policy, Clock clock) {
    this.keys = keys;
    this.policy = policy;
    this.clock = clock;
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
    DecodedJWT unverified;
    try {
      unverified = JWT.decode(parts[1]);
    } catch (JWTDecodeException e) {
      throw new AuthenticationException("token is invalid");
    }
    if (!"HS256".equals(unverified.getAlgorithm())) {
      throw new AuthenticationException("token must be signed with HS256");
    }
    Map<String, String> known = keys.keys();
    if (known.isEmpty()) {
      throw new TemporarilyUnavailableException("authentication is not ready yet (signing keys not loaded)", null);
    }
    String kid = unverified.getKeyId() == null ? JwtKeySource.DEFAULT_KID : unverified.getKeyId();
    String secret = known.get(kid);
    if (secret == null) {
      throw new AuthenticationException("token's key id is not known");
    }
    DecodedJWT jwt = verify(parts[1], secret);
    if (jwt.getExpiresAtAsInstant() == null) {
      throw new AuthenticationException("token has no 'exp' claim (tokens must expire)");
    }
    Instant now = clock.instant();
    Instant issued = jwt.getIssuedAtAsInstant() != null ? jwt.getIssuedAtAsInstant() : now;
    Duration limit = policy.maxLifetime().plusSeconds(LEEWAY_SECONDS);
    if (Duration.between(issued, jwt.getExpiresAtAsInstant()).compareTo(limit) > 0
        || Duration.between(now, jwt.getExpiresAtAsInstant()).compareTo(limit) > 0) {
      throw new AuthenticationException("token lifetime exceeds the maximum of " + policy.maxLifetime());
    }
    String subject = jwt.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new AuthenticationException("token has no 'sub' claim");
    }
    return subject;
  }

  private DecodedJWT verify(String token, String secret) {
    Verification verification = JWT.require(Algorithm.HMAC256(secret)).acceptLeeway(LEEWAY_SECONDS);
    policy.issuer().ifPresent(verification::withIssuer);
    policy.audience().ifPresent(verification::withAudience);
    // The clock is ours (tests move it); BaseVerification is what JWT.require returns.
    JWTVerifier verifier = ((JWTVerifier.BaseVerification) verification).build(clock);
    try {
      return verifier.verify(token);
    } catch (TokenExpiredException e) {
      throw new AuthenticationException("token expired");
    } catch (SignatureVerificationException e) {
      throw new AuthenticationException("token signature is invalid");
    } catch (IncorrectClaimException | MissingClaimException e) {
      throw new AuthenticationException("token's '" + claimOf(e) + "' claim is not accepted");
    } catch (JWTVerificationException e) {
      throw new AuthenticationException("token is invalid");
    }
  }

  private static String claimOf(JWTVerificationException e) {
    if (e instanceof IncorrectClaimException i) {
      return i.getClaimName();
    }
    return ((MissingClaimException) e).getClaimName();
  }
}
