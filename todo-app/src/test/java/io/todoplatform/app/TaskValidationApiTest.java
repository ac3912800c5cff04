package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every input rule, over HTTP: the right status, the offending field, and nothing written. */
class TaskValidationApiTest extends OneUserApiTest {

  @AfterEach
  void nothingWasWritten() {
    assertThat(app.api.get(tasks, token).json().get("items")).as("no partial write").isEmpty();
  }

  static Stream<Arguments> invalidTasks() {
    String title201 = "t".repeat(201);
    String description2001 = "d".repeat(2001);
    String past = Instant.now().minusSeconds(60).toString();
    return Stream.of(
        Arguments.of("{}", "title", "is required"),
        Arguments.of("{\"title\":null}", "title", "is required"),
        Arguments.of("{\"title\":\"   \"}", "title", "must not be blank"),
        // Blank as the OpenAPI document's pattern says (the API fuzzer found a lone U+001F refused though documented valid).
        Arguments.of("{\"title\":\"\\u001f\"}", "title", "must not be blank"),
        Arguments.of("{\"title\":\"\\u00a0\\ufeff\"}", "title", "must not be blank"),
        Arguments.of("{\"title\":\"a\",\"tags\":[\"\\u0085\"]}", "tags[0]", "not blank"),
        Arguments.of("{\"title\":\"" + title201 + "\"}", "title", "at most 200 characters"),
        Arguments.of("{\"title\":42}", "title", "must be a string"),
        Arguments.of("{\"title\":\"a\",\"description\":\"" + description2001 + "\"}", "description", "at most 2000"),
        Arguments.of("{\"title\":\"a\",\"description\":[]}", "description", "must be a string"),
        Arguments.of("{\"title\":\"a\",\"priority\":\"critical\"}", "priority", "one of low, medium, high, urgent"),
        Arguments.of("{\"title\":\"a\",\"priority\":1}", "priority", "one of low, medium, high, urgent"),
        Arguments.of("{\"title\":\"a\",\"tags\":\"home\"}", "tags", "must be an array of strings"),
        Arguments.of("{\"title\":\"a\",\"tags\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]}",
            "tags", "at most 10 tags"),
        Arguments.of("{\"title\":\"a\",\"tags\":[\"" + "x".repeat(51) + "\"]}", "tags[0]", "1-50 characters"),
        Arguments.of("{\"title\":\"a\",\"tags\":[\"\"]}", "tags[0]", "1-50 characters"),
        Arguments.of("{\"title\":\"a\",\"tags\":[\"ok\",7]}", "tags[1]", "must be a string"),
        Arguments.of("{\"title\":\"a\",\"tags\":[\"x\",\"x\"]}", "tags[1]", "duplicate tag"),
        Arguments.of("{\"title\":\"a\",\"dueAt\":\"tomorrow\"}", "dueAt", "RFC 3339"),
        Arguments.of("{\"title\":\"a\",\"dueAt\":\"2030-01-01T10:00:00\"}", "dueAt", "RFC 3339"),
        Arguments.of("{\"title\":\"a\",\"dueAt\":1735689600}", "dueAt", "RFC 3339"),
        Arguments.of("{\"title\":\"a\",\"remindAt\":\"" + past + "\"}", "remindAt", "must lie in the future"),
        Arguments.of("{\"title\":\"a\",\"remindAt\":\"2030-02-30T10:00:00Z\"}", "remindAt", "RFC 3339"),
        Arguments.of("{\"title\":\"a\",\"recurrence\":\"daily\"}", "recurrence", "must be an object"),
        Arguments.of("{\"title\":\"a\",\"recurrence\":{}}", "recurrence.frequency", "is required"),
        Arguments.of("{\"title\":\"a\",\"recurrence\":{\"frequency\":\"yearly\"}}", "recurrence.frequency",
            "daily, weekly, monthly"),
        Arguments.of("{\"title\":\"a\",\"recurrence\":{\"frequency\":\"daily\",\"interval\":0}}",
            "recurrence.interval", "integer from 1"),
        Arguments.of("{\"title\":\"a\",\"recurrence\":{\"frequency\":\"daily\",\"interval\":1.5}}",
            "recurrence.interval", "integer from 1"),
        Arguments.of("{\"title\":\"a\",\"recurrence\":{\"frequency\":\"daily\",\"count\":0}}",
            "recurrence.count", "integer from 1"),
        Arguments.of("{\"title\":\"a\",\"recurrence\":{\"frequency\":\"daily\",\"until\":\"soon\"}}",
            "recurrence.until", "RFC 3339"),
        Arguments.of("{\"title\":\"a\",\"recurrence\":{\"frequency\":\"daily\",\"every\":2}}",
            "recurrence.every", "unknown field"),
        Arguments.of("{\"title\":\"a\",\"colour\":\"red\"}", "colour", "unknown field"),
        Arguments.of("{\"title\":\"a\",\"id\":\"123\"}", "id", "read-only"),
        Arguments.of("{\"title\":\"a\",\"completed\":true}", "completed", "PATCH"),
        Arguments.of("{\"title\":\"a\",\"createdAt\":\"2030-01-01T00:00:00Z\"}", "createdAt", "read-only"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("invalidTasks")
  void invalidTaskIsRefusedWithTheFieldAndReason(String body, String field, String reason) {
    var r = app.api.post(tasks, token, body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    JsonNode problem = r.json();
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("type").asText()).isNotBlank();
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("instance").asText()).isEqualTo(tasks);
    assertThat(problem.get("errors")).anySatisfy(e -> {
      assertThat(e.get("field").asText()).isEqualTo(field);
      assertThat(e.get("message").asText()).contains(reason);
    });
  }

  @Test
  void everyProblemOfABodyIsReportedAtOnce() {
    var r = app.api.post(tasks, token, "{\"title\":5,\"priority\":\"x\",\"tags\":[1],\"foo\":true}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder("title", "priority", "tags[0]", "foo");
  }

  @Test
  void putIsValidatedLikePost() {
    String id = app.api.createTask(user, token, "{\"title\":\"ok\"}").get("id").asText();
    try {
      var r = app.api.put(tasks + "/" + id, token, "{\"title\":\"\",\"tags\":{}}");

      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("errors").findValuesAsText("field")).contains("title", "tags");
      assertThat(app.api.get(tasks + "/" + id, token).json().get("title").asText()).isEqualTo("ok");
    } finally {
      app.api.delete(tasks + "/" + id, token);
    }
  }

  @Test
  void keepingAnAlreadyPassedReminderOnPutIsAllowedButMovingItIntoThePastIsNot() {
    String id = app.api.createTask(user, token,
        "{\"title\":\"r\",\"remindAt\":\"" + Instant.now().plusSeconds(3600) + "\"}").get("id").asText();
    try {
      var r = app.api.put(tasks + "/" + id, token,
          "{\"title\":\"r\",\"remindAt\":\"" + Instant.now().minusSeconds(5) + "\"}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("remindAt");
    } finally {
      app.api.delete(tasks + "/" + id, token);
    }
  }

  static Stream<Arguments> malformedBodies() {
    return Stream.of(
        Arguments.of("{\"title\":", "malformed JSON"),
        Arguments.of("{'title':'a'}", "malformed JSON"),
        Arguments.of("{\"title\":\"a\",\"title\":\"b\"}", "Duplicate field"),
        Arguments.of("[{\"title\":\"a\"}]", "must be a JSON object"),
        Arguments.of("\"title\"", "must be a JSON object"),
        Arguments.of("", "a JSON object is required"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("malformedBodies")
  void malformedJsonIs400(String body, String reason) {
    var r = app.api.post(tasks, token, body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("body");
    assertThat(r.json().get("errors").get(0).get("message").asText()).contains(reason);
  }

  @Test
  void bodyOverTheLimitIs413() {
    String huge = "{\"title\":\"a\",\"description\":\"" + "x".repeat(70 * 1024) + "\"}";

    var r = app.api.post(tasks, token, huge);

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().get("status").asInt()).isEqualTo(413);
  }

  @Test
  void wrongOrMissingContentTypeIs415() {
    var text = app.api.send("POST", tasks, Map.of("Authorization", "Bearer " + token, "Content-Type", "text/plain"),
        "{\"title\":\"a\"}");
    var none = app.api.send("POST", tasks, Map.of("Authorization", "Bearer " + token), "{\"title\":\"a\"}");
    var withCharset = app.api.send("POST", tasks, Map.of("Authorization", "Bearer " + token,
        "Content-Type", "application/json; charset=utf-8"), "{\"title\":\"charset ok\"}");

    assertThat(text.status()).isEqualTo(415);
    assertThat(text.json().get("errors").get(0).get("field").asText()).isEqualTo("Content-Type");
    assertThat(none.status()).isEqualTo(415);
    assertThat(withCharset.status()).isEqualTo(201);
    app.api.delete(tasks + "/" + withCharset.json().get("id").asText(), token);
  }

  static Stream<Arguments> invalidCompletions() {
    return Stream.of(
        Arguments.of("{}", "completed"),
        Arguments.of("{\"completed\":\"yes\"}", "completed"),
        Arguments.of("{\"completed\":1}", "completed"),
        Arguments.of("{\"completed\":true,\"title\":\"x\"}", "title"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidCompletions")
  void invalidCompletionBodyIs400(String body, String field) {
    String id = app.api.createTask(user, token, "{\"title\":\"c\"}").get("id").asText();
    try {
      var r = app.api.patch(tasks + "/" + id + "/complete", token, body);

      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
      assertThat(app.api.get(tasks + "/" + id, token).json().get("completed").asBoolean()).isFalse();
    } finally {
      app.api.delete(tasks + "/" + id, token);
    }
  }

  static Stream<Arguments> invalidQueries() {
    return Stream.of(
        Arguments.of("status=done", "status"),
        Arguments.of("priority=top", "priority"),
        Arguments.of("sort=size", "sort"),
        Arguments.of("order=up", "order"),
        Arguments.of("limit=0", "limit"),
        Arguments.of("limit=201", "limit"),
        Arguments.of("limit=ten", "limit"),
        Arguments.of("dueBefore=yesterday", "dueBefore"),
        Arguments.of("dueAfter=2030-01-01", "dueAfter"),
        Arguments.of("cursor=abc", "cursor"),
        Arguments.of("tag=", "tag"),
        Arguments.of("status=all&status=pending", "status"),
        Arguments.of("colour=red", "colour"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidQueries")
  void invalidListParametersAre400(String query, String field) {
    var r = app.api.get(tasks + "?" + query, token);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").findValuesAsText("field")).contains(field);
  }

  @Test
  void invalidActivityLimitIs400() {
    assertThat(app.api.get("/api/" + user + "/activity?limit=0", token).status()).isEqualTo(400);
    assertThat(app.api.get("/api/" + user + "/activity?since=1", token).status()).isEqualTo(400);
  }

  @Test
  void invalidUserIdIs400() {
    String odd = "a||b";
    var r = app.api.get("/api/" + java.net.URLEncoder.encode(odd, java.nio.charset.StandardCharsets.UTF_8)
        + "/tasks", TestApp.token(odd));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("userId");
  }
}
