package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskCrudApiTest extends OneUserApiTest {
  @Test
  void createReturns201WithLocationEtagAndDefaults() {
    var r = app.api.post(tasks, token, "{\"title\":\"Buy milk\"}");

    assertThat(r.status()).isEqualTo(201);
    JsonNode task = r.json();
    assertThat(r.header("Location")).isEqualTo(tasks + "/" + task.get("id").asText());
    assertThat(r.header("ETag")).isEqualTo("\"1\"");
    assertThat(task.get("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(task.get("title").asText()).isEqualTo("Buy milk");
    assertThat(task.get("description").asText()).isEmpty();
    assertThat(task.get("completed").asBoolean()).isFalse();
    assertThat(task.get("priority").asText()).isEqualTo("medium");
    assertThat(task.get("tags")).isEmpty();
    assertThat(task.get("dueAt").isNull()).isTrue();
    assertThat(task.get("remindAt").isNull()).isTrue();
    assertThat(task.get("recurrence").isNull()).isTrue();
    assertThat(task.get("completedAt").isNull()).isTrue();
    assertThat(Instant.parse(task.get("createdAt").asText())).isCloseTo(Instant.now(), within());
    assertThat(task.get("updatedAt").asText()).isEqualTo(task.get("createdAt").asText());
  }

  @Test
  void getReturnsWhatWasCreated() {
    JsonNode created = app.api.createTask(user, token, """
        {"title":"Report","description":"Q3 numbers","priority":"urgent","tags":["work","q3"],
         "dueAt":"2031-03-01T10:00:00+02:00","recurrence":{"frequency":"weekly","interval":2,"count":3}}""");

    var r = app.api.get(tasks + "/" + created.get("id").asText(), token);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json()).isEqualTo(created);
    assertThat(r.json().get("dueAt").asText()).isEqualTo("2031-03-01T08:00:00Z");
    assertThat(r.json().get("recurrence").toString())
        .isEqualTo("{\"frequency\":\"weekly\",\"interval\":2,\"count\":3}");
  }

  @Test
  void putReplacesEditableFieldsAndBumpsVersion() {
    String id = app.api.createTask(user, token, "{\"title\":\"a\",\"tags\":[\"x\"],\"priority\":\"high\"}")
        .get("id").asText();

    var r = app.api.put(tasks + "/" + id, token, "{\"title\":\"b\",\"description\":\"more\"}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("ETag")).isEqualTo("\"2\"");
    JsonNode task = r.json();
    assertThat(task.get("title").asText()).isEqualTo("b");
    assertThat(task.get("description").asText()).isEqualTo("more");
    assertThat(task.get("priority").asText()).as("absent fields take defaults").isEqualTo("medium");
    assertThat(task.get("tags")).isEmpty();
    assertThat(app.api.get(tasks + "/" + id, token).json()).isEqualTo(task);
  }

  @Test
  void putWithUnchangedContentIsANoOp() {
    JsonNode created = app.api.createTask(user, token, "{\"title\":\"same\"}");
    String id = created.get("id").asText();

    var r = app.api.put(tasks + "/" + id, token, "{\"title\":\"same\"}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("ETag")).isEqualTo("\"1\"");
    assertThat(r.json().get("updatedAt")).isEqualTo(created.get("updatedAt"));
  }

  @Test
  void ifMatchWithAnOldVersionIsRefusedWith412() {
    String id = app.api.createTask(user, token, "{\"title\":\"v1\"}").get("id").asText();
    assertThat(app.api.put(tasks + "/" + id, token, "{\"title\":\"v2\"}").status()).isEqualTo(200);

    var stale = app.api.send("PUT", tasks + "/" + id, Map.of("Authorization", "Bearer " + token,
        "Content-Type", "application/json", "If-Match", "\"1\""), "{\"title\":\"v3\"}");
    var current = app.api.send("PUT", tasks + "/" + id, Map.of("Authorization", "Bearer " + token,
        "Content-Type", "application/json", "If-Match", "\"2\""), "{\"title\":\"v3\"}");
    var staleDelete = app.api.send("DELETE", tasks + "/" + id, Map.of("Authorization", "Bearer " + token,
        "If-Match", "\"2\""), null);

    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
    assertThat(current.status()).isEqualTo(200);
    assertThat(current.json().get("title").asText()).isEqualTo("v3");
    assertThat(staleDelete.status()).isEqualTo(412);
  }

  @Test
  void badIfMatchHeaderIs400() {
    String id = app.api.createTask(user, token, "{\"title\":\"x\"}").get("id").asText();

    var r = app.api.send("PUT", tasks + "/" + id, Map.of("Authorization", "Bearer " + token,
        "Content-Type", "application/json", "If-Match", "abc"), "{\"title\":\"y\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("If-Match");
  }

  @Test
  void deleteRemovesTheTask() {
    String id = app.api.createTask(user, token, "{\"title\":\"gone\"}").get("id").asText();

    assertThat(app.api.delete(tasks + "/" + id, token).status()).isEqualTo(204);
    assertThat(app.api.get(tasks + "/" + id, token).status()).isEqualTo(404);
    assertThat(app.api.delete(tasks + "/" + id, token).status()).isEqualTo(404);
    assertThat(app.api.get(tasks, token).json().get("items").findValuesAsText("id")).doesNotContain(id);
  }

  @Test
  void completeIsIdempotentAndCanBeUndone() {
    String id = app.api.createTask(user, token, "{\"title\":\"do it\"}").get("id").asText();
    String complete = tasks + "/" + id + "/complete";

    var first = app.api.patch(complete, token, "{\"completed\":true}");
    var second = app.api.patch(complete, token, "{\"completed\":true}");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("completed").asBoolean()).isTrue();
    assertThat(first.json().get("completedAt").isNull()).isFalse();
    assertThat(second.json()).as("repeating the completion changes nothing").isEqualTo(first.json());

    var reopened = app.api.patch(complete, token, "{\"completed\":false}");
    assertThat(reopened.json().get("completed").asBoolean()).isFalse();
    assertThat(reopened.json().get("completedAt").isNull()).isTrue();
  }

  @Test
  void unknownTasksAndMalformedIdsAre404Problems() {
    var unknown = app.api.get(tasks + "/00000000-0000-0000-0000-000000000000", token);
    var malformed = app.api.get(tasks + "/not-a-uuid", token);
    var patch = app.api.patch(tasks + "/00000000-0000-0000-0000-000000000000/complete", token,
        "{\"completed\":true}");

    for (var r : new ApiClient.Response[] {unknown, malformed, patch}) {
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(r.json().get("status").asInt()).isEqualTo(404);
    }
  }

  @Test
  void unknownRoutesAndMethodsAreProblems() {
    var noRoute = app.api.get("/nope", token);
    var wrongMethod = app.api.send("POST", tasks + "/00000000-0000-0000-0000-000000000000",
        Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"), "{}");

    assertThat(noRoute.status()).isEqualTo(404);
    assertThat(noRoute.header("Content-Type")).startsWith("application/problem+json");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void requestTraceparentIsEchoedAndAnInvalidOneReplaced() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    var kept = app.api.send("GET", tasks, Map.of("Authorization", "Bearer " + token, "traceparent", traceparent),
        null);
    var replaced = app.api.send("GET", tasks, Map.of("Authorization", "Bearer " + token, "traceparent", "junk"),
        null);

    assertThat(kept.header("traceparent")).isEqualTo(traceparent);
    assertThat(replaced.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
  }

  private static org.assertj.core.data.TemporalUnitOffset within() {
    return org.assertj.core.api.Assertions.within(10, ChronoUnit.SECONDS);
  }
}
