package io.todoplatform.app.reminders;

import com.fasterxml.jackson.databind.JsonNode;
import io.todoplatform.app.support.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * Entry point for a fired job, whoever fired it (the Dapr scheduler via {@code POST /job/<name>}, or the
 * embedded timers).
 */
public final class ReminderTrigger {
  private final ReminderService reminders;

  public ReminderTrigger(ReminderService reminders) {
    this.reminders = reminders;
  }

  /** @return the outcome, or empty when the job is not a reminder job of this app */
  public Optional<ReminderService.Outcome> onJob(String jobName, byte[] data, String traceparent) {
    return ReminderJobs.taskIdOf(jobName)
        .map(taskId -> reminders.fire(taskId, scheduledFor(data), traceparent));
  }

  /**
   * The reminder time the job was scheduled with, from its data. The data may arrive as the JSON we
   * stored or wrapped (base64 bytes, or {"value": ...}); when it cannot be read, the task's own state
   * decides alone.
   */
  static Instant scheduledFor(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      JsonNode node = Json.mapper().readTree(body);
      for (int depth = 0; depth < 3 && node != null; depth++) {
        if (node.isObject() && node.path("remindAt").isTextual()) {
          return Instant.parse(node.get("remindAt").asText());
        }
        if (node.isObject() && node.has("value")) {
          node = node.get("value");
        } else if (node.isTextual()) {
          String text = node.asText();
          node = Json.mapper().readTree(text.startsWith("{") ? text.getBytes(StandardCharsets.UTF_8)
              : Base64.getDecoder().decode(text));
        } else {
          return null;
        }
      }
    } catch (java.io.IOException | IllegalArgumentException | DateTimeParseException e) {
      return null;
    }
    return null;
  }
}
