package io.todoplatform.local;

import java.time.Duration;
import java.time.Instant;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;

/**
 * Tokens the apps accept: HS256 signed with the local {@code todo-auth}/{@code jwt-secret}, {@code sub} = the user
 * whose routes they open, {@code iat} and {@code exp} (both apps require {@code exp}), and {@code iss}/{@code aud}
 * when the backend is configured to check them (TODO_JWT_ISSUER, TODO_JWT_AUDIENCE in spec.backend.env), living no
 * longer than it accepts (TODO_JWT_MAX_LIFETIME).
 */
final class Tokens {

    static final String DEFAULT_USER = "local-user";
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    private final String secret;
    private final String issuer;
    private final String audience;
    private final Duration maxLifetime;

    /** @param maxLifetime the backend's TODO_JWT_MAX_LIFETIME (ISO-8601), or null for its default */
    Tokens(String secret, String issuer, String audience, String maxLifetime) {
        this.secret = secret;
        this.issuer = issuer;
        this.audience = audience;
        this.maxLifetime = maxLifetime == null ? null : parse(maxLifetime);
    }

    static Tokens of(PlatformState state, Credentials credentials) {
        return new Tokens(credentials.jwtSecret(), state.jwtIssuer(), state.jwtAudience(), state.jwtMaxLifetime());
    }

    /** An hour, or less when the backend accepts less. */
    Duration defaultLifetime() {
        return maxLifetime != null && maxLifetime.compareTo(DEFAULT_LIFETIME) < 0 ? maxLifetime : DEFAULT_LIFETIME;
    }

    String mint(String user, Duration lifetime) {
        if (user == null || user.isBlank()) {
            throw new UserError("--user: give a user id (the {userId} of the API's routes)");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new UserError("--ttl: a token must live a while (got " + lifetime + ")");
        }
        if (maxLifetime != null && lifetime.compareTo(maxLifetime) > 0) {
            throw new UserError("--ttl: the backend accepts tokens living at most " + maxLifetime
                    + " (TODO_JWT_MAX_LIFETIME); got " + lifetime);
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

    private static Duration parse(String maxLifetime) {
        try {
            return Duration.parse(maxLifetime);
        } catch (RuntimeException e) {
            throw new UserError("TODO_JWT_MAX_LIFETIME in spec.backend.env: an ISO-8601 duration such as PT2H (got "
                    + maxLifetime + ")");
        }
    }
}
