package io.todoplatform.app.domain;

import io.todoplatform.app.events.CloudEventFactory;
import io.todoplatform.app.events.EventType;
import io.todoplatform.app.ports.TaskStore;
import io.todoplatform.app.ports.VersionedDocument;
import io.todoplatform.app.reminders.ReminderJobs;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The task use cases. Every change is one {@link UserTransaction}: the task documents, the user's ledger
 * and the outbox entries for its CloudEvents and reminder jobs are committed together or not at all.
 */
public final class TaskService {
  /** Past this many undelivered side effects a user's changes are refused (503) instead of piling up. */
  static final int MAX_PENDING_OUTBOX = 1000;

  private final TaskStore store;
  private final UserTransactions transactions;
  private final CloudEventFactory events;
  private final Clock clock;

  public TaskService(TaskStore store, UserTransactions transactions, CloudEventFactory events, Clock clock) {
    this.store = store;
    this.transactions = transactions;
    this.events = events;
    this.clock = clock;
  }

  public TaskRecord create(String userId, TaskDraft draft, String traceparent) {
    Instant now = clock.instant();
    requireFutureReminder(draft.remindAt(), now);
    TaskRecord task = new TaskRecord.Builder()
        .id(UUID.randomUUID().toString())
        .userId(userId)
        .draft(draft)
        .occurrence(1)
        .createdAt(now)
        .updatedAt(now)
        .version(1)
        .seriesDueAnchor(draft.dueAt())
        .seriesRemindAnchor(draft.remindAt())
        .seriesAnchorOccurrence(1)
        .build();
    return transactions.run(userId, tx -> {
      requireOutboxRoom(tx);
      tx.put(task);
      tx.enqueue(events.taskEvent(EventType.TASK_CREATED, userId, task.snapshot(), traceparent));
      if (task.hasPendingReminder()) {
        tx.enqueue(ReminderJobs.scheduleFor(task));
      }
      return task;
    });
  }

  public TaskRecord get(String userId, String taskId) {
    return store.read(StateKeys.task(taskId), TaskRecord.class)
        .map(VersionedDocument::value)
        .filter(t -> userId.equals(t.userId()))
        .orElseThrow(() -> new TaskNotFoundException(taskId));
  }

  public TaskPage list(String userId, TaskQuery query) {
    List<String> ids = store.read(StateKeys.ledger(userId), UserLedger.class)
        .map(d -> d.value().taskIds())
        .orElse(List.of());
    List<TaskRecord> tasks = store.readAll(ids.stream().map(StateKeys::task).toList(), TaskRecord.class)
        .stream()
        .map(VersionedDocument::value)
        .filter(t -> userId.equals(t.userId()))
        .toList();
    return TaskQueryEngine.run(tasks, query);
  }

  /** Full replacement of the editable fields; {@code expectedVersion} comes from If-Match (null: any). */
  public TaskRecord replace(String userId, String taskId, TaskDraft draft, Long expectedVersion,
      String traceparent) {
    return transactions.run(userId, tx -> {
      TaskRecord current = tx.task(taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
      requireVersion(current, expectedVersion);
      Instant now = clock.instant();
      if (!Objects.equals(current.remindAt(), draft.remindAt())) {
        requireFutureReminder(draft.remindAt(), now);
      }
      if (sameContent(current, draft)) {
        return current; // an idempotent PUT changes nothing and announces nothing
      }
      requireOutboxRoom(tx);
      TaskRecord.Builder next = current.toBuilder().draft(draft).version(current.version() + 1).updatedAt(now);
      boolean datesOrRuleChanged = !Objects.equals(current.dueAt(), draft.dueAt())
          || !Objects.equals(current.remindAt(), draft.remindAt())
          || !Objects.equals(current.recurrence(), draft.recurrence());
      if (datesOrRuleChanged) {
        next.seriesDueAnchor(draft.dueAt()).seriesRemindAnchor(draft.remindAt())
            .seriesAnchorOccurrence(current.occurrence());
      }
      TaskRecord updated = next.build();
      tx.put(updated);
      tx.enqueue(events.taskEvent(EventType.TASK_UPDATED, userId, updated.snapshot(), traceparent));
      syncReminderJob(tx, current, updated);
      return updated;
    });
  }

  public void delete(String userId, String taskId, Long expectedVersion, String traceparent) {
    transactions.run(userId, tx -> {
      TaskRecord current = tx.task(taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
      requireVersion(current, expectedVersion);
      requireOutboxRoom(tx);
      tx.delete(taskId);
      tx.enqueue(events.taskEvent(EventType.TASK_DELETED, userId, current.snapshot(), traceparent));
      if (current.hasPendingReminder()) {
        tx.enqueue(ReminderJobs.cancelFor(taskId));
      }
      return null;
    });
  }

  /**
   * Marks a task completed or open again. Setting the state it already has changes nothing. The first
   * completion of a recurring task creates its next occurrence in the same transaction and remembers it,
   * so however often the completion is repeated there is exactly one next occurrence.
   */
  public TaskRecord setCompleted(String userId, String taskId, boolean completed, String traceparent) {
    return transactions.run(userId, tx -> {
      TaskRecord current = tx.task(taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
      if (current.completed() == completed) {
        return current;
      }
      requireOutboxRoom(tx);
      Instant now = clock.instant();
      TaskRecord.Builder next = current.toBuilder().completed(completed).completedAt(completed ? now : null)
          .version(current.version() + 1).updatedAt(now);
      if (completed && current.recurrence() != null && current.nextOccurrenceId() == null) {
        Optional<TaskRecord> following = nextOccurrence(current, now);
        following.ifPresent(f -> {
          next.nextOccurrenceId(f.id());
          tx.put(f);
          tx.enqueue(events.taskEvent(EventType.TASK_CREATED, userId, f.snapshot(), traceparent));
          if (f.hasPendingReminder()) {
            tx.enqueue(ReminderJobs.scheduleFor(f));
          }
        });
      }
      TaskRecord updated = next.build();
      tx.put(updated);
      EventType type = completed ? EventType.TASK_COMPLETED : EventType.TASK_UPDATED;
      tx.enqueue(events.taskEvent(type, userId, updated.snapshot(), traceparent));
      syncReminderJob(tx, current, updated);
      return updated;
    });
  }

  private Optional<TaskRecord> nextOccurrence(TaskRecord done, Instant now) {
    return RecurrencePlanner.next(done, now).map(dates -> new TaskRecord.Builder()
        .id(UUID.randomUUID().toString())
        .userId(done.userId())
        .title(done.title())
        .description(done.description())
        .priority(done.priority())
        .tags(done.tags())
        .recurrence(done.recurrence())
        .dueAt(dates.dueAt())
        .remindAt(dates.remindAt())
        .occurrence(dates.occurrence())
        .createdAt(now)
        .updatedAt(now)
        .version(1)
        .seriesDueAnchor(done.seriesDueAnchor() != null ? done.seriesDueAnchor() : done.dueAt())
        .seriesRemindAnchor(done.seriesRemindAnchor() != null ? done.seriesRemindAnchor() : done.remindAt())
        .seriesAnchorOccurrence(Math.max(1, done.seriesAnchorOccurrence()))
        .build());
  }

  /** Keeps the reminder job in step with the task: (re)schedule when a reminder is pending, else delete. */
  private static void syncReminderJob(UserTransaction tx, TaskRecord before, TaskRecord after) {
    if (after.hasPendingReminder()) {
      if (!before.hasPendingReminder() || !after.remindAt().equals(before.remindAt())) {
        tx.enqueue(ReminderJobs.scheduleFor(after));
      }
    } else if (before.hasPendingReminder()) {
      tx.enqueue(ReminderJobs.cancelFor(after.id()));
    }
  }

  private static boolean sameContent(TaskRecord t, TaskDraft d) {
    return t.title().equals(d.title()) && Objects.equals(t.description(), d.description())
        && t.priority() == d.priority() && t.tags().equals(d.tags())
        && Objects.equals(t.dueAt(), d.dueAt()) && Objects.equals(t.remindAt(), d.remindAt())
        && Objects.equals(t.recurrence(), d.recurrence());
  }

  private static void requireVersion(TaskRecord current, Long expectedVersion) {
    if (expectedVersion != null && expectedVersion != current.version()) {
      throw new VersionMismatchException(expectedVersion, current.version());
    }
  }

  private static void requireFutureReminder(Instant remindAt, Instant now) {
    if (remindAt != null && !remindAt.isAfter(now)) {
      throw ValidationException.of("remindAt", "must lie in the future (now is " + now + ")");
    }
  }

  private static void requireOutboxRoom(UserTransaction tx) {
    if (tx.pendingOutboxSize() >= MAX_PENDING_OUTBOX) {
      throw new TemporarilyUnavailableException(
          "too many events of this user are still waiting for the message broker; retry later", null);
    }
  }
}
