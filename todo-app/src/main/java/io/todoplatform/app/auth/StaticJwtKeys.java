package io.todoplatform.app.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Embedded mode: one key (TODO_JWT_SECRET, or a random one for this process only) for tokens without a kid. */
public final class StaticJwtKeys implements JwtKeySource {
  private final String secret;
  private final boolean generated;

  private StaticJwtKeys(String secret, boolean generated) {
    this.secret = secret;
    this.generated = generated;
  }

  public static StaticJwtKeys of(String secret) {
    return new StaticJwtKeys(secret, false);
  }

  public static StaticJwtKeys random() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new StaticJwtKeys(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), true);
  }

  public boolean generated() {
    return generated;
  }

  /** The generated secret, to mint the local token; empty when it came from the environment. */
  public Optional<String> generatedSecret() {
    return generated ? Optional.of(secret) : Optional.empty();
  }

  @Override
  public Map<String, String> keys() {
    return Map.of(DEFAULT_KID, secret);
  }
}
