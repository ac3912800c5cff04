package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A client that retries a POST (e.g. after a timeout that hid the commit) with its Idempotency-Key gets one task. */
class IdempotentCreateApiTest extends OneUserApiTest {

  private ApiClient.Response post(String key, String body) {
    return app.api.send("POST", tasks, Map.of("Authorization", "Bearer " + token,
        "Content-Type", "application/json", "Idempotency-Key", key), body);
  }

  @Test
  void aRetryWithTheSameKeyReturnsTheFirstResultAndCreatesNothing() {
    var first = post("order-42", "{\"title\":\"buy milk\"}");
    var retry = post("order-42", "{\"title\":\"buy milk\"}");

    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
    assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(app.api.get(tasks, token).json().get("items")).hasSize(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIs422() {
    post("k1", "{\"title\":\"a\"}");

    var other = post("k1", "{\"title\":\"b\"}");

    assertThat(other.status()).isEqualTo(422);
    assertThat(other.json().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
    assertThat(app.api.get(tasks, token).json().get("items")).hasSize(1);
  }

  @Test
  void concurrentRetriesWithOneKeyCreateOneTask() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<String>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> {
          var r = post("burst-1", "{\"title\":\"once\"}");
          assertThat(r.status()).isEqualTo(201);
          return r.json().get("id").asText();
        });
      }
      Set<String> ids = new HashSet<>();
      for (Future<String> f : pool.invokeAll(calls)) {
        ids.add(f.get());
      }
      assertThat(ids).hasSize(1);
    } finally {
      pool.shutdown();
    }
    assertThat(app.api.get(tasks, token).json().get("items")).hasSize(1);
  }

  @Test
  void differentUsersMayUseTheSameKey() {
    post("shared", "{\"title\":\"mine\"}");
    String other = TestApp.newUser();

    var r = app.api.send("POST", "/api/" + other + "/tasks", Map.of("Authorization", "Bearer " + TestApp.token(other),
        "Content-Type", "application/json", "Idempotency-Key", "shared"), "{\"title\":\"theirs\"}");

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("title").asText()).isEqualTo("theirs");
  }

  @Test
  void aMalformedKeyIs400() {
    var r = post("x".repeat(256), "{\"title\":\"a\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
  }
}
