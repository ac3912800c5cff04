package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The routes the Dapr sidecar calls, with APP_API_TOKEN set (as the operator's app-token-secret does). */
class SidecarRoutesApiTest {
  private static final String APP_TOKEN = "sidecar-shared-token";
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of("APP_API_TOKEN", APP_TOKEN, "TODO_PUBSUB_NAME", "events-bus",
        "TODO_TOPIC_TASK_EVENTS", "te", "TODO_TOPIC_TASK_UPDATES", "tu", "TODO_TOPIC_REMINDERS", "tr",
        "TODO_SWEEP_BINDING", "reminder-sweep", "TOPIC_DEAD_LETTERS", "todo-dead-letters"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static Map<String, String> sidecar() {
    return Map.of("dapr-api-token", APP_TOKEN, "Content-Type", "application/cloudevents+json");
  }

  @Test
  void subscriptionsNameTheConfiguredPubsubTopicsAndRoutes() {
    var r = app.api.send("GET", "/dapr/subscribe", Map.of("dapr-api-token", APP_TOKEN), null);

    assertThat(r.status()).isEqualTo(200);
    JsonNode subs = r.json();
    assertThat(subs).hasSize(3);
    assertThat(subs.findValuesAsText("pubsubname")).containsOnly("events-bus");
    assertThat(subs.findValuesAsText("topic")).containsExactly("te", "tu", "tr");
    assertThat(subs.findValuesAsText("route")).containsExactly("/events/te", "/events/tu", "/events/tr");
    // Dapr sends what the feed answers DROP for, and what its retries give up on, to the dead-letter topic.
    assertThat(subs.findValuesAsText("deadLetterTopic")).containsExactly("todo-dead-letters", "todo-dead-letters",
        "todo-dead-letters");
  }

  @Test
  void everySidecarRouteRequiresTheToken() {
    for (var call : List.of(new String[] {"GET", "/dapr/subscribe"}, new String[] {"POST", "/events/te"},
        new String[] {"POST", "/job/reminder-x"}, new String[] {"POST", "/reminder-sweep"})) {
      var missing = app.api.send(call[0], call[1], Map.of("Content-Type", "application/json"), "{}");
      var wrong = app.api.send(call[0], call[1], Map.of("dapr-api-token", "guess"), "{}");
      assertThat(missing.status()).as(call[1]).isEqualTo(401);
      assertThat(wrong.status()).as(call[1]).isEqualTo(401);
      assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    }
  }

  @Test
  void sweepRouteAnswers200() {
    var r = app.api.send("POST", "/reminder-sweep", Map.of("dapr-api-token", APP_TOKEN), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isIn("STARTED", "ALREADY_RUNNING");
  }

  @Test
  void deliveredEventsReachTheActivityFeedOnceAndNonsenseIsDropped() {
    String user = TestApp.newUser();
    String event = "{\"specversion\":\"1.0\",\"id\":\"evt-1-" + user + "\",\"source\":\"backend\","
        + "\"type\":\"com.todo.task.created\",\"subject\":\"t1\",\"datacontenttype\":\"application/json\","
        + "\"data\":{\"userId\":\"" + user + "\",\"task\":{\"id\":\"t1\",\"title\":\"x\"}}}";

    var first = app.api.send("POST", "/events/te", sidecar(), event);
    var again = app.api.send("POST", "/events/te", sidecar(), event);
    var noUser = app.api.send("POST", "/events/te", sidecar(), "{\"id\":\"e2\",\"type\":\"x\",\"data\":{}}");
    var broken = app.api.send("POST", "/events/te", sidecar(), "{broken");
    var unknownTopic = app.api.send("POST", "/events/other", sidecar(), event);

    assertThat(first.json().get("status").asText()).isEqualTo("SUCCESS");
    assertThat(again.json().get("status").asText()).isEqualTo("SUCCESS");
    assertThat(noUser.json().get("status").asText()).isEqualTo("DROP");
    assertThat(broken.status()).isEqualTo(200);
    assertThat(broken.json().get("status").asText()).isEqualTo("DROP");
    assertThat(unknownTopic.status()).isEqualTo(404);
    JsonNode items = app.api.get("/api/" + user + "/activity", TestApp.token(user)).json().get("items");
    assertThat(items).hasSize(1);
    assertThat(items.get(0).get("id").asText()).isEqualTo("evt-1-" + user);
    assertThat(items.get(0).get("type").asText()).isEqualTo("com.todo.task.created");
  }

  @Test
  void userApiDoesNotAcceptTheSidecarTokenAsAuthentication() {
    var r = app.api.send("GET", "/api/someone/tasks", Map.of("dapr-api-token", APP_TOKEN), null);
    assertThat(r.status()).isEqualTo(401);
  }
}
