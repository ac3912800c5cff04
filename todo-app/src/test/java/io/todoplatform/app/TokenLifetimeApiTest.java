package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A token must expire, within the configured maximum lifetime, and name the configured issuer and audience. */
class TokenLifetimeApiTest {
  private static TestApp app;
  private final String user = TestApp.newUser();

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of("TODO_JWT_ISSUER", "https://login.example.com", "TODO_JWT_AUDIENCE", "todo-api",
        "TODO_JWT_MAX_LIFETIME", "PT2H"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private ApiClient.Response listWith(String jwt) {
    return app.api.send("GET", "/api/" + user + "/tasks", Map.of("Authorization", "Bearer " + jwt), null);
  }

  private static com.auth0.jwt.JWTCreator.Builder valid(String user) {
    return JWT.create().withSubject(user).withIssuer("https://login.example.com").withAudience("todo-api")
        .withIssuedAt(Instant.now()).withExpiresAt(Instant.now().plus(Duration.ofHours(1)));
  }

  private static String sign(com.auth0.jwt.JWTCreator.Builder jwt) {
    return jwt.sign(Algorithm.HMAC256(TestApp.SECRET));
  }

  @Test
  void aTokenWithIssuerAudienceAndExpiryIsAccepted() {
    assertThat(listWith(sign(valid(user))).status()).isEqualTo(200);
  }

  @Test
  void aTokenWithoutExpiryIs401() {
    String jwt = sign(JWT.create().withSubject(user).withIssuer("https://login.example.com").withAudience("todo-api"));

    var r = listWith(jwt);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("detail").asText()).contains("exp");
  }

  @Test
  void aTokenLivingLongerThanTheMaximumIs401() {
    String jwt = sign(valid(user).withIssuedAt(Instant.now()).withExpiresAt(Instant.now().plus(Duration.ofHours(3))));

    var r = listWith(jwt);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("detail").asText()).contains("lifetime");
  }

  @Test
  void anotherIssuerOrAudienceIs401() {
    assertThat(listWith(sign(valid(user).withIssuer("https://evil.example.com"))).status()).isEqualTo(401);
    assertThat(listWith(sign(valid(user).withAudience("another-api"))).status()).isEqualTo(401);
  }
}
