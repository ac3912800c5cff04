package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.app.embedded.InProcessPubSub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events through the outbox. The embedded pub/sub stands in for the message broker (and the sidecar in
 * front of it): switching it off is a broker outage.
 */
class OutboxApiTest {
  private TestApp app;
  private final String user = TestApp.newUser();
  private final String token = TestApp.token(user);
  private final String tasks = "/api/" + user + "/tasks";

  @BeforeEach
  void start() {
    app = TestApp.start();
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private List<ObjectNode> eventsOf(String type) {
    return app.pubsub().published().stream().map(InProcessPubSub.Published::event)
        .filter(e -> e.get("type").asText().equals(type)).toList();
  }

  private List<String> activityIds() {
    List<String> ids = new ArrayList<>();
    app.api.get("/api/" + user + "/activity", token).json().get("items").forEach(e -> ids.add(e.get("id").asText()));
    return ids;
  }

  @Test
  void everyChangePublishesACompleteCloudEventOnItsTopic() {
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json",
        "traceparent", traceparent);
    String id = app.api.send("POST", tasks, headers, "{\"title\":\"evented\"}").json().get("id").asText();
    app.api.send("PUT", tasks + "/" + id, headers, "{\"title\":\"evented twice\"}");
    app.api.send("PATCH", tasks + "/" + id + "/complete", headers, "{\"completed\":true}");
    app.api.send("DELETE", tasks + "/" + id, Map.of("Authorization", "Bearer " + token), null);

    await().atMost(Duration.ofSeconds(5)).until(() -> app.pubsub().published().size() == 4);
    List<InProcessPubSub.Published> published = app.pubsub().published();
    assertThat(published).extracting(p -> p.event().get("type").asText()).containsExactly(
        "com.todo.task.created", "com.todo.task.updated", "com.todo.task.completed", "com.todo.task.deleted");
    assertThat(published).extracting(InProcessPubSub.Published::topic)
        .containsExactly("task-events", "task-updates", "task-events", "task-events");
    assertThat(published).allSatisfy(p -> {
      JsonNode e = p.event();
      assertThat(p.partitionKey()).isEqualTo(user);
      assertThat(e.get("specversion").asText()).isEqualTo("1.0");
      assertThat(e.get("id").asText()).isNotBlank();
      assertThat(e.get("source").asText()).isEqualTo("backend");
      assertThat(e.get("subject").asText()).isEqualTo(id);
      assertThat(e.get("datacontenttype").asText()).isEqualTo("application/json");
      assertThat(Instant.parse(e.get("time").asText())).isBefore(Instant.now().plusSeconds(1));
      assertThat(e.get("data").get("userId").asText()).isEqualTo(user);
      assertThat(e.get("data").get("task").get("id").asText()).isEqualTo(id);
    });
    assertThat(published.subList(0, 3)).allSatisfy(p ->
        assertThat(p.event().get("traceparent").asText()).isEqualTo(traceparent));
    // Without an equal "traceid", daprd replaces the traceparent with its own span's (e2e proves it).
    assertThat(published).allSatisfy(p ->
        assertThat(p.event().get("traceid").asText()).isEqualTo(p.event().get("traceparent").asText()));
    assertThat(published.get(3).event().get("traceparent").asText())
        .as("a request without traceparent gets a new trace").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    assertThat(published.get(1).event().get("data").get("task").get("title").asText()).isEqualTo("evented twice");
    // Once everything is delivered and recorded, the relay forgets the user (no state per user that ever wrote).
    await().atMost(Duration.ofSeconds(5)).until(() -> app.api.get("/metrics", null).body()
        .contains("todo_outbox_users_pending 0.0"));
    // One sequence per user across the three topics: consumers can order a user's events from all of them.
    assertThat(published).extracting(p -> p.event().get("sequence").asText())
        .containsExactly("0000000000000000001", "0000000000000000002", "0000000000000000003", "0000000000000000004");
  }

  @Test
  void changesAcceptedDuringABrokerOutageAreDeliveredOnceWhenItIsBack() {
    app.pubsub().setAvailable(false);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      var r = app.api.post(tasks, token, "{\"title\":\"during outage " + i + "\"}");
      assertThat(r.status()).as("the change is accepted: its event waits in the outbox").isEqualTo(201);
      ids.add(r.json().get("id").asText());
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> app.app.metrics().pendingOutboxTotal() == 5);
    assertThat(app.api.get("/metrics", null).body()).contains("todo_events_pending 5.0")
        .contains("todo_events_failed_total");
    assertThat(app.pubsub().published()).isEmpty();
    assertThat(activityIds()).isEmpty();

    app.pubsub().setAvailable(true);

    await().atMost(Duration.ofSeconds(10)).until(() -> activityIds().size() == 5);
    List<ObjectNode> created = eventsOf("com.todo.task.created");
    assertThat(created).extracting(e -> e.get("subject").asText()).containsExactlyElementsOf(ids);
    assertThat(created).extracting(e -> e.get("id").asText()).doesNotHaveDuplicates();
    assertThat(app.app.metrics().pendingOutboxTotal()).isZero();
  }

  @Test
  void aStoreOutageRefusesTheChangeWholeWith503() {
    app.store().setAvailable(false);
    var r = app.api.post(tasks, token, "{\"title\":\"refused\"}");
    app.store().setAvailable(true);

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.header("Retry-After")).isNotBlank();
    assertThat(app.api.get(tasks, token).json().get("items")).isEmpty();
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    assertThat(app.pubsub().published()).as("no phantom event").isEmpty();
  }

  @Test
  void redeliveredEventsAppearOnceInTheActivityFeed() {
    app.api.createTask(user, token, "{\"title\":\"once\"}");
    await().atMost(Duration.ofSeconds(5)).until(() -> activityIds().size() == 1);
    ObjectNode event = app.pubsub().published().get(0).event();

    for (int i = 0; i < 3; i++) {
      var r = app.api.send("POST", "/events/task-events", Map.of("Content-Type", "application/cloudevents+json"),
          event.toString());
      assertThat(r.json().get("status").asText()).isEqualTo("SUCCESS");
    }

    assertThat(activityIds()).containsExactly(event.get("id").asText());
  }

  @Test
  void gracefulShutdownFlushesTheOutbox() {
    app.pubsub().setAvailable(false);
    app.api.post(tasks, token, "{\"title\":\"flushed at shutdown\"}");
    await().atMost(Duration.ofSeconds(5)).until(() -> app.app.metrics().pendingOutboxTotal() == 1);
    app.pubsub().setAvailable(true);

    app.close();

    assertThat(eventsOf("com.todo.task.created")).hasSize(1);
  }
}
