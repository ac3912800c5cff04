package io.todoplatform.app.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A task as stored: the public fields plus the bookkeeping that makes retries idempotent.
 *
 * @param timeZone IANA zone the task's recurrence is computed in ("UTC" by default)
 * @param version increases with every client-visible edit; it is the task's HTTP ETag
 * @param seriesDueAnchor dueAt of the series' first occurrence: later occurrences are computed from it,
 *     so a monthly series starting on the 31st comes back to the 31st after a short month
 * @param seriesRemindAnchor the same for remindAt
 * @param seriesAnchorOccurrence the occurrence number the anchors belong to (editing the dates of an
 *     occurrence re-anchors the series there)
 * @param nextOccurrenceId set once the next occurrence exists, so a repeated completion creates no other
 * @param reminderFiredFor the remindAt whose reminder was published (triggers arrive at least once)
 * @param reminderMissedFor the remindAt whose reminder came too late to be worth sending
 */
public record TaskRecord(
    String id,
    String userId,
    String title,
    String description,
    boolean completed,
    Priority priority,
    List<String> tags,
    Instant dueAt,
    Instant remindAt,
    String timeZone,
    Recurrence recurrence,
    int occurrence,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt,
    long version,
    Instant seriesDueAnchor,
    Instant seriesRemindAnchor,
    int seriesAnchorOccurrence,
    String nextOccurrenceId,
    Instant reminderFiredFor,
    Instant reminderMissedFor) {

  public static final String DEFAULT_TIME_ZONE = "UTC";

  public TaskSnapshot snapshot() {
    return new TaskSnapshot(id, title, description, completed, priority, tags == null ? List.of() : tags,
        dueAt, remindAt, reminderStatus(), zoneName(), recurrence, occurrence, createdAt, updatedAt, completedAt);
  }

  public TaskSummary summary() {
    return new TaskSummary(id, title, completed, priority, tags == null ? List.of() : tags, dueAt, createdAt);
  }

  public String zoneName() {
    return timeZone == null ? DEFAULT_TIME_ZONE : timeZone;
  }

  public ZoneId zone() {
    return ZoneId.of(zoneName());
  }

  /** A reminder is pending while it is set, neither published nor missed, and the task is still open. */
  public boolean hasPendingReminder() {
    return remindAt != null && !completed && !remindAt.equals(reminderFiredFor) && !remindAt.equals(reminderMissedFor);
  }

  /** The reminder instant whose job should exist, or null. */
  public Instant pendingReminder() {
    return hasPendingReminder() ? remindAt : null;
  }

  /** pending, fired, missed or cancelled (the task was completed first); null without a reminder. */
  public String reminderStatus() {
    if (remindAt == null) {
      return null;
    }
    if (remindAt.equals(reminderFiredFor)) {
      return "fired";
    }
    if (remindAt.equals(reminderMissedFor)) {
      return "missed";
    }
    return completed ? "cancelled" : "pending";
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copy-and-change for this wide record; only the fields that change need naming. */
  public static final class Builder {
    private String id;
    private String userId;
    private String title;
    private String description;
    private boolean completed;
    private Priority priority;
    private List<String> tags;
    private Instant dueAt;
    private Instant remindAt;
    private String timeZone;
    private Recurrence recurrence;
    private int occurrence;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant completedAt;
    private long version;
    private Instant seriesDueAnchor;
    private Instant seriesRemindAnchor;
    private int seriesAnchorOccurrence;
    private String nextOccurrenceId;
    private Instant reminderFiredFor;
    private Instant reminderMissedFor;

    public Builder() {}

    private Builder(TaskRecord r) {
      id = r.id;
      userId = r.userId;
      title = r.title;
      description = r.description;
      completed = r.completed;
      priority = r.priority;
      tags = r.tags;
      dueAt = r.dueAt;
      remindAt = r.remindAt;
      timeZone = r.timeZone;
      recurrence = r.recurrence;
      occurrence = r.occurrence;
      createdAt = r.createdAt;
      updatedAt = r.updatedAt;
      completedAt = r.completedAt;
      version = r.version;
      seriesDueAnchor = r.seriesDueAnchor;
      seriesRemindAnchor = r.seriesRemindAnchor;
      seriesAnchorOccurrence = r.seriesAnchorOccurrence;
      nextOccurrenceId = r.nextOccurrenceId;
      reminderFiredFor = r.reminderFiredFor;
      reminderMissedFor = r.reminderMissedFor;
    }

    public Builder id(String v) { id = v; return this; }
    public Builder userId(String v) { userId = v; return this; }
    public Builder title(String v) { title = v; return this; }
    public Builder description(String v) { description = v; return this; }
    public Builder completed(boolean v) { completed = v; return this; }
    public Builder priority(Priority v) { priority = v; return this; }
    public Builder tags(List<String> v) { tags = v == null ? List.of() : List.copyOf(v); return this; }
    public Builder dueAt(Instant v) { dueAt = v; return this; }
    public Builder remindAt(Instant v) { remindAt = v; return this; }
    public Builder timeZone(String v) { timeZone = v; return this; }
    public Builder recurrence(Recurrence v) { recurrence = v; return this; }
    public Builder occurrence(int v) { occurrence = v; return this; }
    public Builder createdAt(Instant v) { createdAt = v; return this; }
    public Builder updatedAt(Instant v) { updatedAt = v; return this; }
    public Builder completedAt(Instant v) { completedAt = v; return this; }
    public Builder version(long v) { version = v; return this; }
    public Builder seriesDueAnchor(Instant v) { seriesDueAnchor = v; return this; }
    public Builder seriesRemindAnchor(Instant v) { seriesRemindAnchor = v; return this; }
    public Builder seriesAnchorOccurrence(int v) { seriesAnchorOccurrence = v; return this; }
    public Builder nextOccurrenceId(String v) { nextOccurrenceId = v; return this; }
    public Builder reminderFiredFor(Instant v) { reminderFiredFor = v; return this; }
    public Builder reminderMissedFor(Instant v) { reminderMissedFor = v; return this; }

    /** Applies the client-editable fields of a draft. */
    public Builder draft(TaskDraft d) {
      return title(d.title()).description(d.description()).priority(d.priority()).tags(d.tags())
          .dueAt(d.dueAt()).remindAt(d.remindAt()).timeZone(d.timeZone()).recurrence(d.recurrence());
    }

    public TaskRecord build() {
      return new TaskRecord(id, userId, title, description, completed, priority, tags, dueAt, remindAt, timeZone,
          recurrence, occurrence, createdAt, updatedAt, completedAt, version, seriesDueAnchor,
          seriesRemindAnchor, seriesAnchorOccurrence, nextOccurrenceId, reminderFiredFor, reminderMissedFor);
    }
  }
}
