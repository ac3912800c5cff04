package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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

/** Many writers at once: optimistic concurrency must not lose any of their writes. */
class ConcurrentUpdatesApiTest extends OneUserApiTest {
  private static final int THREADS = 8;

  private static <T> List<T> runConcurrently(List<Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<T> results = new ArrayList<>();
      for (Future<T> f : pool.invokeAll(calls)) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void concurrentCreatesOfOneUserAreAllIndexedAndAnnounced() throws Exception {
    List<Callable<String>> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int n = i;
      calls.add(() -> app.api.createTask(user, token, "{\"title\":\"task " + n + "\"}").get("id").asText());
    }

    Set<String> created = new HashSet<>(runConcurrently(calls));

    assertThat(created).hasSize(40);
    List<String> listed = app.api.get(tasks + "?limit=200", token).json().get("items").findValuesAsText("id");
    assertThat(listed).containsExactlyInAnyOrderElementsOf(created);
    await().atMost(Duration.ofSeconds(10)).until(() -> app.pubsub().published().stream()
        .filter(p -> p.partitionKey().equals(user))
        .filter(p -> p.event().get("type").asText().equals("com.todo.task.created"))
        .map(p -> p.event().get("subject").asText()).distinct().count() == 40);
  }

  @Test
  void conditionalReadModifyWriteLosesNoUpdate() throws Exception {
    String id = app.api.createTask(user, token, "{\"title\":\"counter\",\"description\":\"\"}").get("id").asText();
    String path = tasks + "/" + id;
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String marker = "[w" + i + "]";
      calls.add(() -> {
        // A client that does it right: read, change, write with If-Match, and on 412 start over.
        for (int attempt = 1; ; attempt++) {
          var current = app.api.get(path, token);
          JsonNode task = current.json();
          String body = "{\"title\":\"counter\",\"description\":\"" + task.get("description").asText() + marker
              + "\"}";
          var r = app.api.send("PUT", path, Map.of("Authorization", "Bearer " + token,
              "Content-Type", "application/json", "If-Match", current.header("ETag")), body);
          if (r.status() == 200) {
            return attempt;
          }
          assertThat(r.status()).isEqualTo(412);
        }
      });
    }

    List<Integer> attempts = runConcurrently(calls);

    String description = app.api.get(path, token).json().get("description").asText();
    for (int i = 0; i < 24; i++) {
      assertThat(description).contains("[w" + i + "]");
    }
    assertThat(app.api.get(path, token).header("ETag")).isEqualTo("\"25\"");
    assertThat(attempts.stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(24);
  }

  @Test
  void concurrentChangesToDifferentTasksOfOneUserAllSurvive() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      ids.add(app.api.createTask(user, token, "{\"title\":\"t" + i + "\"}").get("id").asText());
    }
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if (i % 2 == 0) {
        calls.add(() -> app.api.patch(tasks + "/" + id + "/complete", token, "{\"completed\":true}").status());
      } else {
        calls.add(() -> app.api.put(tasks + "/" + id, token, "{\"title\":\"renamed\",\"priority\":\"high\"}")
            .status());
      }
    }

    assertThat(runConcurrently(calls)).containsOnly(200);

    for (int i = 0; i < ids.size(); i++) {
      JsonNode task = app.api.get(tasks + "/" + ids.get(i), token).json();
      if (i % 2 == 0) {
        assertThat(task.get("completed").asBoolean()).isTrue();
      } else {
        assertThat(task.get("title").asText()).isEqualTo("renamed");
      }
    }
    assertThat(app.api.get(tasks + "?limit=200", token).json().get("items").findValuesAsText("id"))
        .containsAll(ids);
  }
}
