package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Completing recurring tasks over HTTP: exactly one next occurrence, whatever the repetition. */
class RecurrenceApiTest extends OneUserApiTest {

  private List<JsonNode> all() {
    return StreamSupport.stream(app.api.get(tasks + "?limit=200", token).json().get("items").spliterator(), false)
        .toList();
  }

  private ApiClient.Response complete(String id, boolean completed) {
    return app.api.patch(tasks + "/" + id + "/complete", token, "{\"completed\":" + completed + "}");
  }

  @Test
  void completingCreatesTheNextOccurrenceWithTheSameContentAndMovedDates() {
    Instant remindAt = Instant.parse("2030-01-30T09:00:00Z");
    String id = app.api.createTask(user, token, "{\"title\":\"rent\",\"description\":\"transfer\","
        + "\"priority\":\"high\",\"tags\":[\"money\"],\"dueAt\":\"2030-01-31T09:00:00Z\","
        + "\"remindAt\":\"" + remindAt + "\",\"recurrence\":{\"frequency\":\"monthly\",\"interval\":1}}")
        .get("id").asText();

    assertThat(complete(id, true).status()).isEqualTo(200);

    List<JsonNode> items = all();
    assertThat(items).hasSize(2);
    JsonNode next = items.stream().filter(t -> !t.get("id").asText().equals(id)).findFirst().orElseThrow();
    assertThat(next.get("title").asText()).isEqualTo("rent");
    assertThat(next.get("description").asText()).isEqualTo("transfer");
    assertThat(next.get("priority").asText()).isEqualTo("high");
    assertThat(next.get("tags").get(0).asText()).isEqualTo("money");
    assertThat(next.get("recurrence").get("frequency").asText()).isEqualTo("monthly");
    assertThat(next.get("dueAt").asText()).isEqualTo("2030-02-28T09:00:00Z");
    assertThat(next.get("remindAt").asText()).isEqualTo("2030-02-28T09:00:00Z");
    assertThat(next.get("occurrence").asInt()).isEqualTo(2);
    assertThat(next.get("completed").asBoolean()).isFalse();

    // The third occurrence goes back to the 31st: dates come from the series, not the clamped date.
    complete(next.get("id").asText(), true);
    assertThat(all()).anySatisfy(t -> assertThat(t.get("dueAt").asText()).isEqualTo("2030-03-31T09:00:00Z"));
  }

  @Test
  void repeatedOrUndoneAndRedoneCompletionCreatesExactlyOneNextOccurrence() {
    String id = app.api.createTask(user, token, "{\"title\":\"water plants\",\"dueAt\":\"2030-06-01T08:00:00Z\","
        + "\"recurrence\":{\"frequency\":\"daily\"}}").get("id").asText();

    complete(id, true);
    complete(id, true);
    complete(id, false);
    complete(id, true);

    assertThat(all()).hasSize(2);
  }

  @Test
  void concurrentCompletionsCreateExactlyOneNextOccurrence() throws Exception {
    String id = app.api.createTask(user, token, "{\"title\":\"standup\",\"dueAt\":\"2030-06-01T08:00:00Z\","
        + "\"recurrence\":{\"frequency\":\"weekly\"}}").get("id").asText();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> complete(id, true).status());
      }
      for (Future<Integer> status : pool.invokeAll(calls)) {
        assertThat(status.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdown();
    }

    assertThat(all()).hasSize(2);
    long completedEvents = app.pubsub().published().stream()
        .filter(p -> p.event().get("type").asText().equals("com.todo.task.completed"))
        .filter(p -> p.event().get("subject").asText().equals(id)).count();
    assertThat(completedEvents).isEqualTo(1);
  }

  @Test
  void countEndsTheSeries() {
    String id = app.api.createTask(user, token, "{\"title\":\"twice\",\"dueAt\":\"2030-06-01T08:00:00Z\","
        + "\"recurrence\":{\"frequency\":\"daily\",\"count\":2}}").get("id").asText();

    complete(id, true);
    String second = all().stream().filter(t -> !t.get("completed").asBoolean()).findFirst().orElseThrow()
        .get("id").asText();
    complete(second, true);

    assertThat(all()).hasSize(2).allSatisfy(t -> assertThat(t.get("completed").asBoolean()).isTrue());
  }

  @Test
  void untilEndsTheSeries() {
    String id = app.api.createTask(user, token, "{\"title\":\"until\",\"dueAt\":\"2030-06-01T08:00:00Z\","
        + "\"recurrence\":{\"frequency\":\"weekly\",\"until\":\"2030-06-07T00:00:00Z\"}}").get("id").asText();

    complete(id, true);

    assertThat(all()).hasSize(1);
  }

  @Test
  void nextOccurrenceIsAnnouncedAsCreated() {
    String id = app.api.createTask(user, token, "{\"title\":\"announce\",\"dueAt\":\"2030-06-01T08:00:00Z\","
        + "\"recurrence\":{\"frequency\":\"daily\"}}").get("id").asText();

    complete(id, true);

    String nextId = all().stream().filter(t -> !t.get("id").asText().equals(id)).findFirst().orElseThrow()
        .get("id").asText();
    org.awaitility.Awaitility.await().until(() -> app.pubsub().published().stream()
        .anyMatch(p -> p.event().get("type").asText().equals("com.todo.task.created")
            && p.event().get("subject").asText().equals(nextId)));
  }
}
