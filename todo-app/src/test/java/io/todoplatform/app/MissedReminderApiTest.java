package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.todoplatform.app.embedded.InProcessPubSub;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reminder whose moment passed longer ago than TODO_REMINDER_MISSED_AFTER (here one second) is marked missed,
 * not fired: nobody wants a stale "call mom" at three in the morning after an outage.
 */
class MissedReminderApiTest {
  private static TestApp app;
  private final String user = TestApp.newUser();
  private final String token = TestApp.token(user);

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of("TODO_REMINDER_MISSED_AFTER", "PT1S"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private List<InProcessPubSub.Published> remindersFor(String taskId) {
    return app.pubsub().published().stream()
        .filter(p -> p.event().get("type").asText().equals("com.todo.reminder.due"))
        .filter(p -> p.event().get("subject").asText().equals(taskId)).toList();
  }

  @Test
  void aTriggerLongAfterTheReminderTimeMarksItMissed() {
    Instant remindAt = Instant.now().plusMillis(800).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    String id = app.api.createTask(user, token, "{\"title\":\"call mom\",\"remindAt\":\"" + remindAt + "\"}")
        .get("id").asText();
    String job = "reminder-" + id + "-" + remindAt.toEpochMilli();
    await().atMost(Duration.ofSeconds(1)).until(() -> app.jobs().exists(job));
    app.jobs().delete(job); // the scheduler was down when it was due
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(remindAt.plusMillis(2500)));

    // A trigger that arrives this late (the scheduler was down, say) is too late.
    var r = app.api.send("POST", "/job/reminder-" + id + "-" + remindAt.toEpochMilli(), Map.of(), null);

    assertThat(r.status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).until(() -> "missed".equals(
        app.api.get("/api/" + user + "/tasks/" + id, token).json().path("reminderStatus").asText()));
    assertThat(remindersFor(id)).isEmpty();
    assertThat(app.app.metrics().counterValue("todo.reminders.missed")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void theSweepMarksAnOldUnfiredReminderMissedInsteadOfFiringIt() {
    Instant remindAt = Instant.now().plusMillis(800).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    String id = app.api.createTask(user, token, "{\"title\":\"stale\",\"remindAt\":\"" + remindAt + "\"}")
        .get("id").asText();
    String job = "reminder-" + id + "-" + remindAt.toEpochMilli();
    await().atMost(Duration.ofSeconds(1)).until(() -> app.jobs().exists(job));
    app.jobs().delete(job);
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(remindAt.plusMillis(2500)));

    app.app.maintenance().runPass();

    assertThat(app.api.get("/api/" + user + "/tasks/" + id, token).json().path("reminderStatus").asText())
        .isEqualTo("missed");
    assertThat(remindersFor(id)).isEmpty();
  }
}
