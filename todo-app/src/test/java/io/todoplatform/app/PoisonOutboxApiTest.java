package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.app.ports.EventPublisher;
import io.todoplatform.app.ports.PublishFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An entry that can never be delivered is dead-lettered (kept for 30 days, counted, logged once) and the user's
 * later events go on. A double stands in for the sidecar's refusals: it wraps the in-process broker and refuses
 * (as daprd would, with INVALID_ARGUMENT) events of tasks titled "refused...", and fails locally (as a request
 * that cannot even be built) for tasks titled "unbuildable...". Everything else reaches the broker.
 */
class PoisonOutboxApiTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(), adapters -> adapters.withDelivery(new Refusing(adapters.publisher()),
        adapters.jobs()));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static List<String> publishedTitles(String user) {
    return app.pubsub().published().stream().filter(p -> p.partitionKey().equals(user))
        .map(p -> p.event().get("data").get("task").get("title").asText()).toList();
  }

  private static List<String> deadLetters(String user) {
    return app.store().keysStartingWith("user:" + user + ":deadletter:");
  }

  @Test
  void anEntryTheSidecarKeepsRefusingIsDeadLetteredWhileOthersGetThroughAndTheUserGoesOn() {
    String user = TestApp.newUser();
    String token = TestApp.token(user);
    app.api.createTask(user, token, "{\"title\":\"refused forever\"}");
    app.api.createTask(user, token, "{\"title\":\"after the poison\"}");
    String other = TestApp.newUser();
    String otherToken = TestApp.token(other);

    // Other users' events keep getting through: the refusal is about this entry, not an outage.
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
      app.api.createTask(other, otherToken, "{\"title\":\"fine\"}");
      return publishedTitles(user).contains("after the poison");
    });

    assertThat(publishedTitles(user)).containsExactly("after the poison");
    // Recorded with the delivery's acknowledgement, which follows the publish within a moment.
    await().atMost(Duration.ofSeconds(5)).until(() -> deadLetters(user).size() == 1);
    assertThat(app.app.metrics().counterValue("todo.outbox.dead.letters")).isGreaterThanOrEqualTo(1);
    assertThat(app.api.get("/metrics", null).body()).contains("todo_outbox_dead_letters_total{kind=\"publish\"}");
  }

  @Test
  void anEntryThatCannotEvenBeBuiltIsDeadLetteredAtOnce() {
    String user = TestApp.newUser();
    String token = TestApp.token(user);
    app.api.createTask(user, token, "{\"title\":\"unbuildable\"}");
    app.api.createTask(user, token, "{\"title\":\"next one\"}");

    await().atMost(Duration.ofSeconds(5)).until(() -> publishedTitles(user).contains("next one"));
    await().atMost(Duration.ofSeconds(5)).until(() -> deadLetters(user).size() == 1);
  }

  @Test
  void aBrokerOutageIsNotPoisonNothingIsDeadLettered() {
    String user = TestApp.newUser();
    String token = TestApp.token(user);
    app.pubsub().setAvailable(false);
    try {
      app.api.createTask(user, token, "{\"title\":\"waits\"}");
      await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
      assertThat(deadLetters(user)).isEmpty();
    } finally {
      app.pubsub().setAvailable(true);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> publishedTitles(user).contains("waits"));
    assertThat(deadLetters(user)).isEmpty();
  }

  /** The fault-injecting double around the in-process broker. */
  private record Refusing(EventPublisher broker) implements EventPublisher {
    @Override
    public void publish(String topic, String partitionKey, ObjectNode cloudEvent) {
      String title = cloudEvent.path("data").path("task").path("title").asText();
      if (title.startsWith("refused")) {
        throw new PublishFailedException("INVALID_ARGUMENT: refused by the double", true, null);
      }
      if (title.startsWith("unbuildable")) {
        throw new ArithmeticException("long overflow (stands in for a request that cannot be built)");
      }
      broker.publish(topic, partitionKey, cloudEvent);
    }
  }
}
