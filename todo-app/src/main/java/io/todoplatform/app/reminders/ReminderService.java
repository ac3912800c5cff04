package io.todoplatform.app.reminders;

import io.todoplatform.app.domain.StateKeys;
import io.todoplatform.app.domain.TaskRecord;
import io.todoplatform.app.domain.UserTransactions;
import io.todoplatform.app.events.CloudEventFactory;
import io.todoplatform.app.observability.AppMetrics;
import io.todoplatform.app.ports.TaskStore;
import io.todoplatform.app.ports.VersionedDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns a reminder trigger into exactly one {@code com.todo.reminder.due} event. Triggers arrive at least
 * once and may be stale (the task was completed, deleted or its reminder moved since the job was
 * scheduled): the task's current state decides, and marking the reminder as fired is committed together
 * with the event, so a repeated trigger finds it fired and does nothing.
 */
public final class ReminderService {
  /** A trigger this early still counts: the scheduler's and our clocks may differ a little. */
  private static final Duration EARLY_TOLERANCE = Duration.ofSeconds(2);

  public enum Outcome { FIRED, ALREADY_FIRED, STALE, UNKNOWN_TASK }

  private final TaskStore store;
  private final UserTransactions transactions;
  private final CloudEventFactory events;
  private final AppMetrics metrics;
  private final Clock clock;

  public ReminderService(TaskStore store, UserTransactions transactions, CloudEventFactory events,
      AppMetrics metrics, Clock clock) {
    this.store = store;
    this.transactions = transactions;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * @param scheduledFor the reminder time the job was scheduled for, when the trigger says so; a trigger
   *     for another time than the task's current one is stale
   */
  public Outcome fire(String taskId, Instant scheduledFor, String traceparent) {
    Optional<String> owner = store.read(StateKeys.task(taskId), TaskRecord.class)
        .map(VersionedDocument::value)
        .map(TaskRecord::userId);
    if (owner.isEmpty()) {
      return Outcome.UNKNOWN_TASK;
    }
    Outcome outcome = transactions.run(owner.get(), tx -> {
      Optional<TaskRecord> found = tx.task(taskId);
      if (found.isEmpty()) {
        return Outcome.UNKNOWN_TASK;
      }
      TaskRecord task = found.get();
      if (task.remindAt() != null && task.remindAt().equals(task.reminderFiredFor())) {
        return Outcome.ALREADY_FIRED;
      }
      boolean stale = task.completed()
          || task.remindAt() == null
          || task.remindAt().isAfter(clock.instant().plus(EARLY_TOLERANCE))
          || (scheduledFor != null && !scheduledFor.equals(task.remindAt()));
      if (stale) {
        return Outcome.STALE;
      }
      tx.put(task.toBuilder().reminderFiredFor(task.remindAt()).build());
      tx.enqueue(events.reminderDue(task.userId(), task.snapshot(), task.remindAt(), traceparent));
      return Outcome.FIRED;
    });
    if (outcome == Outcome.FIRED) {
      metrics.reminderFired();
    }
    return outcome;
  }
}
