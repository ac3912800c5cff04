package io.todoplatform.app.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The task use cases. Each change runs through {@link UserWrites}: the task documents, the user's index, the
 * announced events and reminder commands are committed together or not at all.
 */
public final class TaskService {
  private final UserWrites writes;
  private final TaskReads reads;
  private final Clock clock;

  public TaskService(UserWrites writes, TaskReads reads, Clock clock) {
    this.writes = writes;
    this.reads = reads;
    this.clock = clock;
  }

  /** An Idempotency-Key as the storage knows it: hashes, so neither key nor body is kept in clear. */
  public record IdempotencyKey(String keyHash, String requestHash) {}

  /** A created task, or the first answer again when the request was a retry of an idempotent create. */
  public record Created(TaskSnapshot task, long version, boolean replayed) {}

  public Created create(String userId, TaskDraft draft, String traceparent, IdempotencyKey key) {
    return writes.apply(userId, changes -> {
      if (key != null) {
        Optional<IdempotentResult> earlier = changes.idempotentResult(key.keyHash());
        if (earlier.isPresent()) {
          if (!earlier.get().requestHash().equals(key.requestHash())) {
            throw new IdempotencyKeyReuseException();
          }
          return new Created(earlier.get().task(), earlier.get().version(), true);
        }
      }
      Instant now = clock.instant();
      requireReminderWindow(draft.remindAt(), now);
      requireOutboxRoom(changes);
      if (changes.taskCount() >= Limits.MAX_TASKS_PER_USER) {
        throw new TaskLimitException(Limits.MAX_TASKS_PER_USER);
      }
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
      changes.put(task);
      changes.emit(DomainEvent.of(DomainEvent.Type.CREATED, task, traceparent));
      syncReminder(changes, null, task);
      if (key != null) {
        changes.rememberIdempotentResult(key.keyHash(),
            new IdempotentResult(key.requestHash(), task.snapshot(), task.version()));
      }
      return new Created(task.snapshot(), task.version(), false);
    });
  }

  public TaskRecord get(String userId, String taskId) {
    return reads.task(taskId)
        .filter(t -> userId.equals(t.userId()))
        .orElseThrow(() -> new TaskNotFoundException(taskId));
  }

  public TaskPage list(String userId, TaskQuery query) {
    return reads.list(userId, query);
  }

  /** Full replacement of the editable fields; {@code expectedVersion} comes from If-Match (null: any). */
  public TaskRecord replace(String userId, String taskId, TaskDraft draft, Long expectedVersion, String traceparent) {
    return writes.apply(userId, UserOperation.reading(List.of(taskId), changes -> {
      TaskRecord current = changes.task(taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
      requireVersion(current, expectedVersion);
      Instant now = clock.instant();
      if (!Objects.equals(current.remindAt(), draft.remindAt())) {
        requireReminderWindow(draft.remindAt(), now);
      }
      if (sameContent(current, draft)) {
        return current; // an idempotent PUT changes nothing and announces nothing
      }
      requireOutboxRoom(changes);
      TaskRecord.Builder next = current.toBuilder().draft(draft).version(current.version() + 1).updatedAt(now);
      boolean seriesChanged = !Objects.equals(current.dueAt(), draft.dueAt())
          || !Objects.equals(current.remindAt(), draft.remindAt())
          || !Objects.equals(current.recurrence(), draft.recurrence())
          || !Objects.equals(current.zoneName(), draft.timeZone());
      if (seriesChanged) {
        next.seriesDueAnchor(draft.dueAt()).seriesRemindAnchor(draft.remindAt())
            .seriesAnchorOccurrence(current.occurrence());
      }
      TaskRecord updated = next.build();
      changes.put(updated);
      changes.emit(DomainEvent.of(DomainEvent.Type.UPDATED, updated, traceparent));
      syncReminder(changes, current, updated);
      return updated;
    }));
  }

  public void delete(String userId, String taskId, Long expectedVersion, String traceparent) {
    writes.apply(userId, UserOperation.reading(List.of(taskId), changes -> {
      TaskRecord current = changes.task(taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
      requireVersion(current, expectedVersion);
      requireOutboxRoom(changes);
      changes.delete(current);
      changes.emit(DomainEvent.of(DomainEvent.Type.DELETED, current, traceparent));
      syncReminder(changes, current, null);
      return null;
    }));
  }

  /**
   * Marks a task completed or open again. Setting the state it already has changes nothing. The first completion
   * of a recurring task creates its next occurrence in the same transaction and remembers it, so however often
   * the completion is repeated there is exactly one next occurrence.
   */
  public TaskRecord setCompleted(String userId, String taskId, boolean completed, String traceparent) {
    return writes.apply(userId, UserOperation.reading(List.of(taskId), changes -> {
      TaskRecord current = changes.task(taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
      if (current.completed() == completed) {
        return current;
      }
      requireOutboxRoom(changes);
      Instant now = clock.instant();
      TaskRecord.Builder next = current.toBuilder().completed(completed).completedAt(completed ? now : null)
          .version(current.version() + 1).updatedAt(now);
      if (completed && current.recurrence() != null && current.nextOccurrenceId() == null) {
        Optional<TaskRecord> following = nextOccurrence(current, now);
        if (following.isPresent() && changes.taskCount() >= Limits.MAX_TASKS_PER_USER) {
          throw new TaskLimitException(Limits.MAX_TASKS_PER_USER);
        }
        following.ifPresent(f -> {
          next.nextOccurrenceId(f.id());
          changes.put(f);
          changes.emit(DomainEvent.of(DomainEvent.Type.CREATED, f, traceparent));
          syncReminder(changes, null, f);
        });
      }
      TaskRecord updated = next.build();
      changes.put(updated);
      changes.emit(DomainEvent.of(completed ? DomainEvent.Type.COMPLETED : DomainEvent.Type.UPDATED, updated,
          traceparent));
      syncReminder(changes, current, updated);
      return updated;
    }));
  }

  private Optional<TaskRecord> nextOccurrence(TaskRecord done, Instant now) {
    return RecurrencePlanner.next(done, now).map(dates -> new TaskRecord.Builder()
        .id(UUID.randomUUID().toString())
        .userId(done.userId())
        .title(done.title())
        .description(done.description())
        .priority(done.priority())
        .tags(done.tags())
        .timeZone(done.timeZone())
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

  /** When the reminder that should have a job changed, the job is brought in line after the commit. */
  static void syncReminder(UserChanges changes, TaskRecord before, TaskRecord after) {
    Instant was = before == null ? null : before.pendingReminder();
    Instant is = after == null ? null : after.pendingReminder();
    if (!Objects.equals(was, is)) {
      changes.reminderChanged(new ReminderChange(before != null ? before.id() : after.id(), was));
    }
  }

  private static boolean sameContent(TaskRecord t, TaskDraft d) {
    return t.title().equals(d.title()) && Objects.equals(t.description(), d.description())
        && t.priority() == d.priority() && t.tags().equals(d.tags())
        && Objects.equals(t.dueAt(), d.dueAt()) && Objects.equals(t.remindAt(), d.remindAt())
        && Objects.equals(t.recurrence(), d.recurrence()) && t.zoneName().equals(d.timeZone());
  }

  private static void requireVersion(TaskRecord current, Long expectedVersion) {
    if (expectedVersion != null && expectedVersion != current.version()) {
      throw new VersionMismatchException(expectedVersion, current.version());
    }
  }

  /** A new or moved reminder lies in the future, and not absurdly far (nothing accepted may fail when scheduled). */
  private static void requireReminderWindow(Instant remindAt, Instant now) {
    if (remindAt == null) {
      return;
    }
    if (!remindAt.isAfter(now)) {
      throw ValidationException.of("remindAt", "must lie in the future (now is " + now + ")");
    }
    if (remindAt.isAfter(now.plus(Limits.MAX_REMINDER_AHEAD))) {
      throw ValidationException.of("remindAt", "must lie within 100 years from now");
    }
  }

  private static void requireOutboxRoom(UserChanges changes) {
    if (changes.pendingOutbox() >= Limits.MAX_PENDING_OUTBOX) {
      throw new TemporarilyUnavailableException(
          "too many events of this user are still waiting for the message broker; retry later", null);
    }
  }
}
