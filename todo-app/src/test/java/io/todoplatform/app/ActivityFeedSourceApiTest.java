package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Apps in spec.scopes share the pub/sub: the feed only takes events this app published (source = its app-id) of a
 * type it knows, whatever data.userId claims.
 */
class ActivityFeedSourceApiTest extends OneUserApiTest {

  private String event(String id, String source, String type) {
    return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"" + source + "\",\"type\":\"" + type + "\","
        + "\"subject\":\"t1\",\"datacontenttype\":\"application/json\","
        + "\"data\":{\"userId\":\"" + user + "\",\"task\":{\"id\":\"t1\",\"title\":\"injected\"}}}";
  }

  private String deliver(String event) {
    return app.api.send("POST", "/events/task-events", Map.of("Content-Type", "application/cloudevents+json"), event)
        .json().get("status").asText();
  }

  @Test
  void anEventFromAnotherSourceIsDroppedAndNotShown() {
    assertThat(deliver(event("e-foreign-" + user, "chat-api", "com.todo.task.created"))).isEqualTo("DROP");

    assertThat(app.api.get("/api/" + user + "/activity", token).json().get("items")).isEmpty();
  }

  @Test
  void anUnknownTypeFromOurSourceIsDropped() {
    assertThat(deliver(event("e-type-" + user, "backend", "com.todo.task.hacked"))).isEqualTo("DROP");

    assertThat(app.api.get("/api/" + user + "/activity", token).json().get("items")).isEmpty();
  }

  @Test
  void withoutADeadLetterTopicTheSubscriptionsNameNone() {
    var subs = app.api.send("GET", "/dapr/subscribe", Map.of(), null).json();
    assertThat(subs).hasSize(3);
    assertThat(subs.findValuesAsText("deadLetterTopic")).isEmpty();
  }

  @Test
  void theFeedKeepsTheLastHundredNewestFirst() {
    for (int i = 0; i < 105; i++) {
      assertThat(deliver(event("e-" + i + "-" + user, "backend", "com.todo.task.updated"))).isEqualTo("SUCCESS");
    }
    var items = app.api.get("/api/" + user + "/activity", token).json().get("items");
    assertThat(items).hasSize(100);
    assertThat(items.get(0).get("id").asText()).isEqualTo("e-104-" + user);
    assertThat(items.get(99).get("id").asText()).isEqualTo("e-5-" + user);
    List<String> newest = new ArrayList<>();
    app.api.get("/api/" + user + "/activity?limit=3", token).json().get("items")
        .forEach(e -> newest.add(e.get("id").asText()));
    assertThat(newest).containsExactly("e-104-" + user, "e-103-" + user, "e-102-" + user);
    // A redelivery of an event long scrolled out of the feed is still recognised.
    assertThat(deliver(event("e-0-" + user, "backend", "com.todo.task.updated"))).isEqualTo("SUCCESS");
    assertThat(app.api.get("/api/" + user + "/activity", token).json().get("items").get(0).get("id").asText())
        .isEqualTo("e-104-" + user);
  }

  @Test
  void ourOwnKnownEventIsShown() {
    assertThat(deliver(event("e-ok-" + user, "backend", "com.todo.task.created"))).isEqualTo("SUCCESS");

    assertThat(app.api.get("/api/" + user + "/activity", token).json().get("items")).hasSize(1);
  }
}
