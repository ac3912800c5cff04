package io.todoplatform.chat.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.util.regex.Pattern;

/**
 * HS256 bearer tokens signed with the platform's secret ({@code todo-auth}/{@code jwt-secret}): signature,
 * algorithm, {@code exp} required, {@code nbf}/{@code iat} honoured with 30 s leeway, {@code sub} required
 * and equal to the user in the path. Error messages say what is wrong without echoing the token.
 */
public final class HmacJwtAuthenticator implements Authenticator {
  /** The backend's user id alphabet: ids become parts of state keys and URL paths. */
  static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");
  private static final long LEEWAY_SECONDS = 30;

  private final SigningSecret secret;

  public HmacJwtAuthenticator(SigningSecret secret) {
    this.secret = secret;
  }

  @Override
  public Caller authenticate(String authorizationHeader, String pathUserId) {
    String token = bearerToken(authorizationHeader);
    byte[] key = secret.current().orElseThrow(() ->
        new AuthUnavailableException("the token signing secret is not loaded yet; retry shortly"));
    DecodedJWT jwt;
    try {
      jwt = JWT.require(Algorithm.HMAC256(key))
          .acceptLeeway(LEEWAY_SECONDS)
          .withClaimPresence("exp")
          .withClaimPresence("sub")
          .build()
          .verify(token);
    } catch (TokenExpiredException e) {
      throw new AuthenticationException("the token has expired");
    } catch (AlgorithmMismatchException e) {
      throw new AuthenticationException("the token must be signed with HS256");
    } catch (SignatureVerificationException e) {
      throw new AuthenticationException("the token's signature is not valid");
    } catch (MissingClaimException e) {
      throw new AuthenticationException("the token has no '" + e.getClaimName() + "' claim");
    } catch (JWTVerificationException e) {
      throw new AuthenticationException("the token is not valid (" + e.getClass().getSimpleName() + ")");
    }
    String subject = jwt.getSubject();
    if (!USER_ID.matcher(subject).matches()) {
      throw new AuthenticationException("the token's subject is not a valid user id");
    }
    if (!subject.equals(pathUserId)) {
      throw new ForbiddenException("the token is for another user than the one in the path");
    }
    return new Caller(subject, token);
  }

  private static String bearerToken(String header) {
    if (header == null || header.isBlank()) {
      throw new AuthenticationException("an Authorization: Bearer <token> header is required");
    }
    String trimmed = header.trim();
    if (trimmed.length() < 7 || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new AuthenticationException("the Authorization header must be 'Bearer <token>'");
    }
    String token = trimmed.substring(7).trim();
    if (token.isEmpty()) {
      throw new AuthenticationException("the bearer token is empty");
    }
    return token;
  }
}
