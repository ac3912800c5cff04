package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.app.embedded.InProcessPubSub;
import io.todoplatform.app.reminders.ReminderJobs;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reminder jobs: fire on time, once; stale triggers (completed, moved, deleted) do nothing; the sweep fires what
 * the scheduler lost. Jobs are named after task and instant.
 */
class ReminderApiTest extends OneUserApiTest {

  private List<InProcessPubSub.Published> remindersFor(String taskId) {
    return app.pubsub().published().stream()
        .filter(p -> p.event().get("type").asText().equals("com.todo.reminder.due"))
        .filter(p -> p.event().get("subject").asText().equals(taskId))
        .toList();
  }

  private ApiClient.Response trigger(String taskId, Instant scheduledFor) {
    return app.api.send("POST", "/job/" + ReminderJobs.jobName(taskId, scheduledFor),
        Map.of("Content-Type", "application/json"), null);
  }

  private String createWithReminder(Instant remindAt) {
    return app.api.createTask(user, token, "{\"title\":\"call mom\",\"remindAt\":\"" + remindAt + "\"}")
        .get("id").asText();
  }

  private boolean jobExists(String taskId, Instant at) {
    return app.jobs().exists(ReminderJobs.jobName(taskId, at));
  }

  private List<String> jobsOf(String taskId) {
    return app.jobs().names().stream().filter(n -> n.startsWith("reminder-" + taskId)).toList();
  }

  @Test
  void reminderFiresAtItsTimeExactlyOnceEvenWhenTriggeredAgain() {
    Instant remindAt = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.MILLIS);
    String id = createWithReminder(remindAt);
    // The job is scheduled through the outbox, right after the commit.
    await().atMost(Duration.ofSeconds(1)).until(() -> jobExists(id, remindAt));
    assertThat(remindersFor(id)).isEmpty();

    await().atMost(Duration.ofSeconds(10)).until(() -> remindersFor(id).size() == 1);

    InProcessPubSub.Published published = remindersFor(id).get(0);
    ObjectNode event = published.event();
    assertThat(Instant.parse(event.get("time").asText())).isAfterOrEqualTo(remindAt);
    assertThat(event.get("id").asText()).isEqualTo("reminder-" + id + "-" + remindAt.toEpochMilli());
    assertThat(published.topic()).isEqualTo("reminders");
    assertThat(published.partitionKey()).isEqualTo(user);
    assertThat(event.get("source").asText()).isEqualTo("backend");
    assertThat(event.get("data").get("userId").asText()).isEqualTo(user);
    assertThat(event.get("data").get("task").get("id").asText()).isEqualTo(id);
    assertThat(event.get("data").get("task").get("reminderStatus").asText()).isEqualTo("fired");

    // At-least-once delivery of the trigger: repeats change nothing.
    var again = trigger(id, remindAt);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("outcome").asText()).isEqualTo("ALREADY_FIRED");
    assertThat(remindersFor(id)).hasSize(1);
    assertThat(app.api.get(tasks + "/" + id, token).json().get("reminderStatus").asText()).isEqualTo("fired");
    await().atMost(Duration.ofSeconds(5)).until(() -> app.api.get("/api/" + user + "/activity", token).json()
        .get("items").findValuesAsText("type").contains("com.todo.reminder.due"));
  }

  @Test
  void triggerForACompletedTaskIsStaleAndCompletingDeletesTheJob() {
    Instant remindAt = Instant.now().plusSeconds(3600);
    String id = createWithReminder(remindAt);
    await().atMost(Duration.ofSeconds(5)).until(() -> jobExists(id, remindAt));

    app.api.patch(tasks + "/" + id + "/complete", token, "{\"completed\":true}");

    await().atMost(Duration.ofSeconds(5)).until(() -> jobsOf(id).isEmpty());
    assertThat(trigger(id, remindAt).json().get("outcome").asText()).isEqualTo("STALE");
    assertThat(remindersFor(id)).isEmpty();
  }

  @Test
  void triggerForAMovedReminderIsStaleAndOnlyTheNewInstantHasAJob() {
    Instant first = Instant.now().plusMillis(1200).truncatedTo(ChronoUnit.MILLIS);
    String id = createWithReminder(first);
    Instant moved = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.MILLIS);

    var r = app.api.put(tasks + "/" + id, token, "{\"title\":\"call mom\",\"remindAt\":\"" + moved + "\"}");
    assertThat(r.status()).isEqualTo(200);

    assertThat(trigger(id, first).json().get("outcome").asText()).isEqualTo("STALE");
    await().atMost(Duration.ofSeconds(5)).until(() -> jobsOf(id).equals(List.of(ReminderJobs.jobName(id, moved))));
    // The original time passes without a reminder.
    await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(remindersFor(id)).isEmpty();
  }

  @Test
  void removingTheReminderOrDeletingTheTaskDeletesTheJob() {
    Instant at = Instant.now().plusSeconds(3600);
    String kept = createWithReminder(at);
    String deleted = createWithReminder(at);
    await().atMost(Duration.ofSeconds(5)).until(() -> jobsOf(kept).size() == 1 && jobsOf(deleted).size() == 1);

    app.api.put(tasks + "/" + kept, token, "{\"title\":\"no reminder now\"}");
    app.api.delete(tasks + "/" + deleted, token);

    await().atMost(Duration.ofSeconds(5)).until(() -> jobsOf(kept).isEmpty() && jobsOf(deleted).isEmpty());
    assertThat(trigger(deleted, at).json().get("outcome").asText()).isEqualTo("UNKNOWN_TASK");
  }

  @Test
  void theSweepFiresADueReminderWhoseJobWasLostAndOnlyOnce() {
    Instant remindAt = Instant.now().plusMillis(1000).truncatedTo(ChronoUnit.MILLIS);
    String id = createWithReminder(remindAt);
    await().atMost(Duration.ofSeconds(1)).until(() -> jobExists(id, remindAt));
    app.jobs().delete(ReminderJobs.jobName(id, remindAt)); // the scheduler lost it
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(remindAt.plusMillis(1300)));
    assertThat(remindersFor(id)).isEmpty();

    long started = System.nanoTime();
    var sweep = app.api.send("POST", "/scheduler", Map.of(), null);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    assertThat(sweep.status()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(5)).until(() -> remindersFor(id).size() == 1);
    app.app.maintenance().runPass();
    app.app.maintenance().runPass();
    assertThat(remindersFor(id)).hasSize(1);
  }

  @Test
  void theMaintenanceJobRouteStartsAPass() {
    var r = app.api.send("POST", "/job/maintenance", Map.of(), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isIn("STARTED", "ALREADY_RUNNING");
  }

  @Test
  void unknownJobsAreAcknowledged() {
    var r = app.api.send("POST", "/job/cleanup-42", Map.of(), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("outcome").asText()).isEqualTo("IGNORED");
  }
}
