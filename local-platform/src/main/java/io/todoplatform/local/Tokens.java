package io.todoplatform.local;

import java.time.Duration;
import java.time.Instant;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;

/**
 * Tokens the apps accept: HS256 signed with the local {@code todo-auth}/{@code jwt-secret}, {@code sub} = the user
 * whose routes they open, {@code iat} and {@code exp} (both apps require {@code exp}), and {@code iss}/{@code aud}
 * when the backend is configured to check them (TODO_JWT_ISSUER, TODO_JWT_AUDIENCE in spec.backend.env).
 */
final class Tokens {

    static final String DEFAULT_USER = "local-user";
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    private final String secret;
    private final String issuer;
    private final String audience;

    Tokens(String secret, String issuer, String audience) {
        this.secret = secret;
        this.issuer = issuer;
        this.audience = audience;
    }

    String mint(String user, Duration lifetime) {
        if (user == null || user.isBlank()) {
            throw new UserError("--user: give a user id (the {userId} of the API's routes)");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new UserError("--ttl: a token must live a while (got " + lifetime + ")");
        }
        Instant now = Instant.now();
        JWTCreator.Builder token = JWT.create().withSubject(user).withIssuedAt(now).withExpiresAt(now.plus(lifetime));
        if (issuer != null) {
            token.withIssuer(issuer);
        }
        if (audience != null) {
            token.withAudience(audience);
        }
        return token.sign(Algorithm.HMAC256(secret));
    }
}
