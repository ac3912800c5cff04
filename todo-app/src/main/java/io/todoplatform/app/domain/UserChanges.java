package io.todoplatform.app.domain;

import java.util.Optional;

/**
 * One change of one user's data, as a use case sees it (port: the storage adapter implements it). Everything done
 * through it is committed atomically together with the other operations of its batch, or not at all: the tasks,
 * the user's index, the announced events and reminder commands (the outbox) and idempotency records.
 */
public interface UserChanges {

  String userId();

  /** The user's task, or empty when it does not exist or belongs to someone else. */
  Optional<TaskRecord> task(String taskId);

  /** Creates or replaces a task of this user. */
  void put(TaskRecord task);

  void delete(TaskRecord task);

  /** Announces an event; it gets the user's next sequence number and is delivered after the commit. */
  void emit(DomainEvent event);

  /** Asks for the task's reminder job to be brought in line with the task (after the commit). */
  void reminderChanged(ReminderChange change);

  int taskCount();

  /** Events and commands of this user not yet delivered. */
  long pendingOutbox();

  Optional<IdempotentResult> idempotentResult(String keyHash);

  void rememberIdempotentResult(String keyHash, IdempotentResult result);
}
