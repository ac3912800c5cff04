package io.todoplatform.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.app.domain.FieldError;
import io.todoplatform.app.domain.Frequency;
import io.todoplatform.app.domain.Limits;
import io.todoplatform.app.domain.Priority;
import io.todoplatform.app.domain.Recurrence;
import io.todoplatform.app.domain.TaskDraft;
import io.todoplatform.app.domain.TaskRecord;
import io.todoplatform.app.domain.ValidationException;
import io.todoplatform.service.text.VisibleText;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a task JSON object (POST and PUT bodies) into a {@link TaskDraft}, collecting every problem with
 * its field instead of stopping at the first. Absent optional fields take their defaults, so a PUT is a
 * full replacement.
 */
public final class TaskInputParser {
  static final int TITLE_MAX = 200;
  static final int DESCRIPTION_MAX = 2000;
  static final int TAGS_MAX = 10;
  static final int TAG_MAX = 50;
  static final int INTERVAL_MAX = 1000;
  static final int COUNT_MAX = 10000;

  private static final Set<String> FIELDS =
      Set.of("title", "description", "priority", "tags", "dueAt", "remindAt", "timeZone", "recurrence");
  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();
  private static final Map<String, String> READ_ONLY = Map.of(
      "id", "is read-only",
      "completed", "is read-only here; use PATCH /api/{userId}/tasks/{taskId}/complete",
      "occurrence", "is read-only",
      "createdAt", "is read-only",
      "updatedAt", "is read-only",
      "completedAt", "is read-only",
      "reminderStatus", "is read-only");
  private static final Set<String> RECURRENCE_FIELDS = Set.of("frequency", "interval", "until", "count");

  private final List<FieldError> errors = new ArrayList<>();

  private TaskInputParser() {}

  public static TaskDraft parse(ObjectNode body) {
    return new TaskInputParser().draft(body);
  }

  private TaskDraft draft(ObjectNode body) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (READ_ONLY.containsKey(name)) {
        errors.add(new FieldError(name, READ_ONLY.get(name)));
      } else if (!FIELDS.contains(name)) {
        errors.add(new FieldError(name, "unknown field"));
      }
    }
    String title = title(body.get("title"));
    String description = text(body.get("description"), "description", DESCRIPTION_MAX, "");
    Priority priority = priority(body.get("priority"));
    List<String> tags = tags(body.get("tags"));
    Instant dueAt = instant(body.get("dueAt"), "dueAt");
    Instant remindAt = instant(body.get("remindAt"), "remindAt");
    String timeZone = timeZone(body.get("timeZone"));
    Recurrence recurrence = recurrence(body.get("recurrence"));
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new TaskDraft(title, description, priority, tags, dueAt, remindAt, timeZone, recurrence);
  }

  private String title(JsonNode node) {
    if (node == null || node.isNull()) {
      errors.add(new FieldError("title", "is required"));
      return null;
    }
    String value = text(node, "title", TITLE_MAX, null);
    if (value != null && VisibleText.isBlank(value)) {
      errors.add(new FieldError("title", "must not be blank"));
    }
    return value;
  }

  private String text(JsonNode node, String field, int maxChars, String fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isTextual()) {
      errors.add(new FieldError(field, "must be a string"));
      return fallback;
    }
    String value = node.asText();
    int chars = value.codePointCount(0, value.length());
    if (chars > maxChars) {
      errors.add(new FieldError(field, "must be at most " + maxChars + " characters (got " + chars + ")"));
    }
    return value;
  }

  private Priority priority(JsonNode node) {
    if (node == null || node.isNull()) {
      return Priority.MEDIUM;
    }
    if (!node.isTextual() || Priority.parse(node.asText()).isEmpty()) {
      errors.add(new FieldError("priority", "must be one of low, medium, high, urgent"));
      return Priority.MEDIUM;
    }
    return Priority.parse(node.asText()).get();
  }

  private List<String> tags(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      errors.add(new FieldError("tags", "must be an array of strings"));
      return List.of();
    }
    if (node.size() > TAGS_MAX) {
      errors.add(new FieldError("tags", "must have at most " + TAGS_MAX + " tags (got " + node.size() + ")"));
    }
    Set<String> tags = new LinkedHashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode tag = node.get(i);
      String field = "tags[" + i + "]";
      if (!tag.isTextual()) {
        errors.add(new FieldError(field, "must be a string"));
        continue;
      }
      String value = tag.asText();
      int chars = value.codePointCount(0, value.length());
      if (VisibleText.isBlank(value) || chars > TAG_MAX) {
        errors.add(new FieldError(field, "must be 1-" + TAG_MAX + " characters and not blank"));
      } else if (!tags.add(value)) {
        errors.add(new FieldError(field, "duplicate tag '" + value + "'"));
      }
    }
    return List.copyOf(tags);
  }

  private Instant instant(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      errors.add(new FieldError(field, "must be an RFC 3339 date-time string"));
      return null;
    }
    try {
      Instant instant = OffsetDateTime.parse(node.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      if (!Limits.inRange(instant)) {
        errors.add(new FieldError(field, "must lie between " + Limits.MIN_INSTANT + " and " + Limits.MAX_INSTANT
            + " (got '" + node.asText() + "')"));
        return null;
      }
      return instant;
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field,
          "must be an RFC 3339 date-time with offset, e.g. 2030-01-31T09:00:00Z (got '" + node.asText() + "')"));
      return null;
    }
  }

  /** An IANA zone name (Europe/Berlin, UTC); fixed offsets such as +02:00 do not know about daylight saving. */
  private String timeZone(JsonNode node) {
    if (node == null || node.isNull()) {
      return TaskRecord.DEFAULT_TIME_ZONE;
    }
    if (!node.isTextual() || !ZONES.contains(node.asText())) {
      errors.add(new FieldError("timeZone", "must be an IANA time zone name such as Europe/Berlin or UTC"));
      return TaskRecord.DEFAULT_TIME_ZONE;
    }
    return node.asText();
  }

  private Recurrence recurrence(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      errors.add(new FieldError("recurrence", "must be an object {frequency, interval, until?, count?}"));
      return null;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!RECURRENCE_FIELDS.contains(name)) {
        errors.add(new FieldError("recurrence." + name, "unknown field"));
      }
    }
    JsonNode frequencyNode = node.get("frequency");
    Frequency frequency = null;
    if (frequencyNode == null || frequencyNode.isNull()) {
      errors.add(new FieldError("recurrence.frequency", "is required"));
    } else if (!frequencyNode.isTextual() || Frequency.parse(frequencyNode.asText()).isEmpty()) {
      errors.add(new FieldError("recurrence.frequency", "must be one of daily, weekly, monthly"));
    } else {
      frequency = Frequency.parse(frequencyNode.asText()).get();
    }
    Integer interval = integer(node.get("interval"), "recurrence.interval", 1, INTERVAL_MAX);
    Integer count = integer(node.get("count"), "recurrence.count", 1, COUNT_MAX);
    Instant until = instant(node.get("until"), "recurrence.until");
    return frequency == null ? null : new Recurrence(frequency, interval == null ? 1 : interval, until, count);
  }

  private Integer integer(JsonNode node, String field, int min, int max) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
      errors.add(new FieldError(field, "must be an integer from " + min + " to " + max));
      return null;
    }
    return node.asInt();
  }
}
