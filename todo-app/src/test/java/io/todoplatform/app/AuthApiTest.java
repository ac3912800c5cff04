package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer JWT (HS256) authentication and per-user isolation. */
class AuthApiTest {
  private static TestApp app;
  private final String alice = TestApp.newUser();
  private final String bob = TestApp.newUser();

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private ApiClient.Response listWith(String authorization) {
    return app.api.send("GET", "/api/" + alice + "/tasks",
        authorization == null ? Map.of() : Map.of("Authorization", authorization), null);
  }

  private static void assertUnauthorized(ApiClient.Response r, String reason) {
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().get("detail").asText()).contains(reason);
  }

  @Test
  void missingHeaderIs401() {
    assertUnauthorized(listWith(null), "missing Authorization");
  }

  @Test
  void otherSchemeIs401() {
    assertUnauthorized(listWith("Basic dXNlcjpwYXNz"), "Bearer");
  }

  @Test
  void tokenSignedWithAnotherSecretIs401() {
    String forged = JWT.create().withSubject(alice).sign(Algorithm.HMAC256("another-secret"));
    assertUnauthorized(listWith("Bearer " + forged), "signature");
  }

  @Test
  void expiredTokenIs401() {
    String expired = JWT.create().withSubject(alice).withExpiresAt(Instant.now().minusSeconds(3600))
        .sign(Algorithm.HMAC256(TestApp.SECRET));
    assertUnauthorized(listWith("Bearer " + expired), "expired");
  }

  @Test
  void unsignedAlgNoneTokenIs401() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(("{\"sub\":\"" + alice + "\"}").getBytes(StandardCharsets.UTF_8));
    assertUnauthorized(listWith("Bearer " + header + "." + payload + "."), "HS256");
  }

  @Test
  void garbageTokenIs401() {
    assertUnauthorized(listWith("Bearer not.a.jwt"), "invalid");
  }

  @Test
  void tokenWithoutSubjectIs401() {
    String noSub = JWT.create().withClaim("name", "x").withExpiresAt(Instant.now().plusSeconds(600))
        .sign(Algorithm.HMAC256(TestApp.SECRET));
    assertUnauthorized(listWith("Bearer " + noSub), "sub");
  }

  @Test
  void authIsCheckedBeforeTheBody() {
    var r = app.api.post("/api/" + alice + "/tasks", null, "{not json");
    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void anotherUsersPathIs403OnEveryRoute() {
    String aliceTask = app.api.createTask(alice, TestApp.token(alice), "{\"title\":\"private\"}").get("id").asText();
    String bobToken = TestApp.token(bob);
    String base = "/api/" + alice;

    var responses = new ApiClient.Response[] {
        app.api.get(base + "/tasks", bobToken),
        app.api.post(base + "/tasks", bobToken, "{\"title\":\"intrusion\"}"),
        app.api.get(base + "/tasks/" + aliceTask, bobToken),
        app.api.put(base + "/tasks/" + aliceTask, bobToken, "{\"title\":\"changed\"}"),
        app.api.patch(base + "/tasks/" + aliceTask + "/complete", bobToken, "{\"completed\":true}"),
        app.api.delete(base + "/tasks/" + aliceTask, bobToken),
        app.api.get(base + "/activity", bobToken)};

    for (var r : responses) {
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
    var stillThere = app.api.get(base + "/tasks/" + aliceTask, TestApp.token(alice));
    assertThat(stillThere.json().get("title").asText()).isEqualTo("private");
    assertThat(stillThere.json().get("completed").asBoolean()).isFalse();
  }

  @Test
  void noUserSeesOrChangesAnotherUsersTasksThroughTheirOwnPath() {
    String aliceTask = app.api.createTask(alice, TestApp.token(alice), "{\"title\":\"alice only\"}")
        .get("id").asText();
    String bobToken = TestApp.token(bob);
    String bobBase = "/api/" + bob + "/tasks/";

    assertThat(app.api.get("/api/" + bob + "/tasks", bobToken).json().get("items")).isEmpty();
    assertThat(app.api.get(bobBase + aliceTask, bobToken).status()).isEqualTo(404);
    assertThat(app.api.put(bobBase + aliceTask, bobToken, "{\"title\":\"mine now\"}").status()).isEqualTo(404);
    assertThat(app.api.patch(bobBase + aliceTask + "/complete", bobToken, "{\"completed\":true}").status())
        .isEqualTo(404);
    assertThat(app.api.delete(bobBase + aliceTask, bobToken).status()).isEqualTo(404);
    assertThat(app.api.get("/api/" + alice + "/tasks/" + aliceTask, TestApp.token(alice)).json()
        .get("title").asText()).isEqualTo("alice only");
  }

  @Test
  void probesNeedNoToken() {
    assertThat(app.api.get("/healthz", null).status()).isEqualTo(200);
    assertThat(app.api.get("/readyz", null).status()).isEqualTo(200);
    assertThat(app.api.get("/metrics", null).status()).isEqualTo(200);
  }
}
