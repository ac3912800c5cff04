package io.todoplatform.app.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/** Embedded mode: the secret from TODO_JWT_SECRET, or a random one for this process only. */
public final class StaticJwtSecret implements JwtSecretSource {
  private final String secret;
  private final boolean generated;

  private StaticJwtSecret(String secret, boolean generated) {
    this.secret = secret;
    this.generated = generated;
  }

  public static StaticJwtSecret of(String secret) {
    return new StaticJwtSecret(secret, false);
  }

  public static StaticJwtSecret random() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new StaticJwtSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), true);
  }

  public boolean generated() {
    return generated;
  }

  @Override
  public Optional<String> secret() {
    return Optional.of(secret);
  }
}
