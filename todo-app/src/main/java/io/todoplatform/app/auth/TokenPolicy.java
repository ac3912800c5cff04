package io.todoplatform.app.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * What a token must carry besides a valid signature: an expiry no further than {@code maxLifetime} after its
 * issue (or after now, without {@code iat}), and the issuer and audience when they are configured.
 */
public record TokenPolicy(Optional<String> issuer, Optional<String> audience, Duration maxLifetime) {
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);
}
