package io.todoplatform.app.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.todoplatform.app.domain.TemporarilyUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Key rotation by kid: during the overlap both keys are accepted, so replicas never reject each other's tokens. */
class TokenVerifierTest {
  private final Map<String, String> keys = new HashMap<>(Map.of("", "old-secret-0123456789-0123456789",
      "2025-06", "new-secret-0123456789-0123456789"));
  private final TokenVerifier verifier = new TokenVerifier(() -> Map.copyOf(keys),
      new TokenPolicy(Optional.empty(), Optional.empty(), Duration.ofHours(24)), Clock.systemUTC());

  private static String token(String kid, String secret) {
    var jwt = JWT.create().withSubject("u1").withIssuedAt(Instant.now()).withExpiresAt(Instant.now().plusSeconds(600));
    if (kid != null) {
      jwt.withKeyId(kid);
    }
    return "Bearer " + jwt.sign(Algorithm.HMAC256(secret));
  }

  @Test
  void tokensOfBothKeysAreAcceptedDuringTheOverlap() {
    assertThat(verifier.subjectOf(token(null, "old-secret-0123456789-0123456789"))).isEqualTo("u1");
    assertThat(verifier.subjectOf(token("2025-06", "new-secret-0123456789-0123456789"))).isEqualTo("u1");
  }

  @Test
  void aKidSignedWithAnotherKeysSecretOrAnUnknownKidIsRefused() {
    assertThatThrownBy(() -> verifier.subjectOf(token("2025-06", "old-secret-0123456789-0123456789")))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("signature");
    assertThatThrownBy(() -> verifier.subjectOf(token("2099-01", "new-secret-0123456789-0123456789")))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("key id");
  }

  @Test
  void onceTheOldKeyIsRemovedItsTokensAreRefused() {
    keys.remove("");
    assertThatThrownBy(() -> verifier.subjectOf(token(null, "old-secret-0123456789-0123456789")))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void withoutAnyKeyYetTheAnswerIsTemporarilyUnavailable() {
    keys.clear();
    assertThatThrownBy(() -> verifier.subjectOf(token(null, "x-0123456789-0123456789-0123456789")))
        .isInstanceOf(TemporarilyUnavailableException.class);
  }

  @Test
  void theSecretsKeysMapToKeyIds() {
    assertThat(SecretStoreJwtKeys.keysOf(Map.of("jwt-secret", "a", "jwt-secret.k2", "b", "other", "c",
        "jwt-secret.", "d", "jwt-secret.empty", ""))).isEqualTo(Map.of("", "a", "k2", "b"));
  }
}
