package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HealthAndMetricsApiTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void livenessAndReadinessAreUpInEmbeddedMode() {
    var health = app.api.get("/healthz", null);
    var ready = app.api.get("/readyz", null);

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("UP");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").asText()).isEqualTo("UP");
  }

  @Test
  void metricsExposeLatencyEventsAndReminders() {
    String user = TestApp.newUser();
    app.api.createTask(user, TestApp.token(user),
        "{\"title\":\"m\",\"remindAt\":\"" + java.time.Instant.now().plusSeconds(600) + "\"}");
    org.awaitility.Awaitility.await().until(() -> app.app.metrics().counterValue("todo.reminders.scheduled") >= 1);

    var r = app.api.get("/metrics", null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.body())
        .contains("http_server_requests_seconds_count{method=\"POST\",route=\"/api/{userId}/tasks\",status=\"201\"}")
        .contains("todo_events_published_total{type=\"com.todo.task.created\"}")
        .contains("todo_events_pending")
        .contains("todo_outbox_held_bytes")
        .contains("todo_reminders_scheduled_total")
        .doesNotContain(TestApp.SECRET);
  }
}
