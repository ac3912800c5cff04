package io.todoplatform.app.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns a reminder's moment into at most one {@code reminder.due} event, whoever reports it (a job trigger, which
 * arrives at least once and maybe on any replica, or the sweep). The task's current state decides: a trigger for
 * another instant than the task's reminder, for a completed or deleted task, or too early, is stale; marking the
 * reminder fired is committed together with the event, so a repeat finds it fired. A reminder reported longer
 * after its moment than {@code missedAfter} is marked missed instead of fired.
 */
public final class ReminderService {
  /** A trigger this early still counts: the scheduler's and our clocks may differ a little. */
  private static final Duration EARLY_TOLERANCE = Duration.ofSeconds(2);

  public enum Outcome { FIRED, ALREADY_FIRED, MISSED, ALREADY_MISSED, STALE, UNKNOWN_TASK }

  private final UserWrites writes;
  private final Clock clock;
  private final Duration missedAfter;

  public ReminderService(UserWrites writes, Clock clock, Duration missedAfter) {
    this.writes = writes;
    this.clock = clock;
    this.missedAfter = missedAfter;
  }

  public Duration missedAfter() {
    return missedAfter;
  }

  /** @param scheduledFor the reminder instant the job or index entry was made for */
  public Outcome fire(String userId, String taskId, Instant scheduledFor, String traceparent) {
    return writes.apply(userId, UserOperation.reading(List.of(taskId), changes -> {
      Optional<TaskRecord> found = changes.task(taskId);
      if (found.isEmpty()) {
        return Outcome.UNKNOWN_TASK;
      }
      TaskRecord task = found.get();
      if (task.remindAt() == null || !task.remindAt().equals(scheduledFor)) {
        return Outcome.STALE;
      }
      if (task.remindAt().equals(task.reminderFiredFor())) {
        return Outcome.ALREADY_FIRED;
      }
      if (task.remindAt().equals(task.reminderMissedFor())) {
        return Outcome.ALREADY_MISSED;
      }
      Instant now = clock.instant();
      if (task.completed() || task.remindAt().isAfter(now.plus(EARLY_TOLERANCE))) {
        return Outcome.STALE;
      }
      if (Duration.between(task.remindAt(), now).compareTo(missedAfter) > 0) {
        changes.put(task.toBuilder().reminderMissedFor(task.remindAt()).build());
        return Outcome.MISSED;
      }
      TaskRecord fired = task.toBuilder().reminderFiredFor(task.remindAt()).build();
      changes.put(fired);
      changes.emit(new DomainEvent(DomainEvent.Type.REMINDER_DUE, fired.snapshot(), traceparent,
          reminderEventId(taskId, task.remindAt())));
      return Outcome.FIRED;
    }));
  }

  /** However often a reminder is reported, consumers see one event id. */
  public static String reminderEventId(String taskId, Instant remindAt) {
    return "reminder-" + taskId + "-" + remindAt.toEpochMilli();
  }
}
