package io.todoplatform.app.reminders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.app.support.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and payloads of reminder jobs. A job is named after its task AND its instant
 * ({@code reminder-<taskId>-<epochMillis>}): a command carried out late, by a stale replica, can only create the
 * job of an instant the task no longer has, and that job's trigger is recognised as stale and ignored. The name is
 * a valid Dapr job name (a DNS subdomain once '-' is removed).
 */
public final class ReminderJobs {
  public static final String PREFIX = "reminder-";
  private static final Pattern NAME = Pattern.compile(
      "reminder-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-([0-9]{1,16})");

  private ReminderJobs() {}

  /** Task and instant of a reminder job. */
  public record Reminder(String taskId, Instant remindAt) {}

  public static String jobName(String taskId, Instant remindAt) {
    return PREFIX + taskId + "-" + remindAt.toEpochMilli();
  }

  public static Optional<Reminder> parse(String jobName) {
    Matcher m = jobName == null ? null : NAME.matcher(jobName);
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Reminder(m.group(1), Instant.ofEpochMilli(Long.parseLong(m.group(2)))));
  }

  /** The job's data: whose task it is, so the trigger can go straight to the user's data. */
  public static byte[] jobData(String userId, String taskId, Instant remindAt) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("userId", userId);
    data.put("taskId", taskId);
    data.put("remindAt", remindAt.toString());
    return data.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The user id from a trigger's body. Dapr delivers the job's data as we stored it or wrapped (base64 bytes, or
   * {"value": ...}); when it cannot be read, the trigger reads the task to find its owner.
   */
  public static Optional<String> userIdOf(byte[] body) {
    if (body == null || body.length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode node = Json.mapper().readTree(body);
      for (int depth = 0; depth < 3 && node != null; depth++) {
        if (node.isObject() && node.path("userId").isTextual()) {
          return Optional.of(node.get("userId").asText());
        }
        if (node.isObject() && node.has("value")) {
          node = node.get("value");
        } else if (node.isTextual()) {
          String text = node.asText();
          node = Json.mapper().readTree(text.startsWith("{") ? text.getBytes(StandardCharsets.UTF_8)
              : Base64.getDecoder().decode(text));
        } else {
          return Optional.empty();
        }
      }
    } catch (java.io.IOException | IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
