package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for what fuzzing the API with schemathesis found (hack/fuzz-api.sh, ApiFuzzTest). Each test
 * failed before its fix.
 */
class FuzzFindingsApiTest extends OneUserApiTest {
  /** A problem quoting the client's input was sent as ISO-8859-1 bytes: not UTF-8, so not valid JSON text. */
  @Test
  void aProblemQuotingNonAsciiInputIsUtf8Json() {
    var r = app.api.get(tasks + "?dueBefore=%C2%BE%E2%82%AC%F0%9F%93%85", token);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get(0).get("message").asText()).contains("'¾€📅'");
  }

  @Test
  void aValidationProblemOnABodyFieldIsUtf8Json() {
    var r = app.api.post(tasks, token, "{\"title\":\"Grüße\",\"dueAt\":\"morgen früh\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get(0).get("message").asText()).contains("'morgen früh'");
  }

  /** RFC 9110: a 405 says which methods the path does serve. */
  @Test
  void anUnsupportedMethodIs405WithAllow() {
    var onTasks = app.api.send("TRACE", tasks, Map.of("Authorization", "Bearer " + token), null);
    var onTask = app.api.send("POST", tasks + "/0b7e4a52-1111-4a4a-9a9a-123456789abc",
        Map.of("Authorization", "Bearer " + token), null);
    var onProbe = app.api.send("DELETE", "/healthz", Map.of(), null);

    assertThat(onTasks.status()).isEqualTo(405);
    assertThat(onTasks.header("Allow")).isEqualTo("GET, POST");
    assertThat(onTasks.json().get("type").asText()).isEqualTo("urn:todo-platform:problem:method-not-allowed");
    assertThat(onTask.status()).isEqualTo(405);
    assertThat(onTask.header("Allow")).isEqualTo("GET, PUT, DELETE");
    assertThat(onProbe.header("Allow")).isEqualTo("GET");
  }
}
