package io.todoplatform.app.userdata;

import io.todoplatform.app.domain.DomainEvent;
import io.todoplatform.app.domain.IdempotentResult;
import io.todoplatform.app.domain.ReminderChange;
import io.todoplatform.app.domain.TaskRecord;
import io.todoplatform.app.domain.UserChanges;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one operation of a batch did, kept apart until it finished: an operation that fails (a 404, a 412, a
 * validation error) leaves nothing behind, and the batch's other operations still commit. Reads see the batch's
 * earlier operations and this operation's own changes.
 */
final class OperationScope implements UserChanges {
  sealed interface Intent permits Put, Delete, Emit, Remind, Remember, Acknowledge, ForgetMarker {}

  record Put(TaskRecord task) implements Intent {}

  record Delete(TaskRecord task) implements Intent {}

  record Emit(DomainEvent event) implements Intent {}

  record Remind(ReminderChange change) implements Intent {}

  record Remember(String keyHash, IdempotentResult result) implements Intent {}

  record Acknowledge(long deliveredUpTo, List<DeadLetter> deadLetters) implements Intent {}

  record ForgetMarker(String replicaId, int slot) implements Intent {}

  private final UserBatch batch;
  private final List<Intent> intents = new ArrayList<>();
  private final Map<String, Optional<TaskRecord>> ownTasks = new HashMap<>();
  private final Map<String, IdempotentResult> ownResults = new HashMap<>();
  private int created;
  private int deleted;
  private int announced;

  OperationScope(UserBatch batch) {
    this.batch = batch;
  }

  List<Intent> intents() {
    return intents;
  }

  @Override
  public String userId() {
    return batch.userId();
  }

  @Override
  public Optional<TaskRecord> task(String taskId) {
    Optional<TaskRecord> own = ownTasks.get(taskId);
    return own != null ? own : batch.task(taskId);
  }

  @Override
  public void put(TaskRecord task) {
    if (!userId().equals(task.userId())) {
      throw new IllegalArgumentException("task belongs to another user");
    }
    if (task(task.id()).isEmpty()) {
      created++;
    }
    ownTasks.put(task.id(), Optional.of(task));
    intents.add(new Put(task));
  }

  @Override
  public void delete(TaskRecord task) {
    if (task(task.id()).isPresent()) {
      deleted++;
    }
    ownTasks.put(task.id(), Optional.empty());
    intents.add(new Delete(task));
  }

  @Override
  public void emit(DomainEvent event) {
    announced++;
    intents.add(new Emit(event));
  }

  @Override
  public void reminderChanged(ReminderChange change) {
    announced++;
    intents.add(new Remind(change));
  }

  @Override
  public int taskCount() {
    return batch.taskCount() + created - deleted;
  }

  @Override
  public long pendingOutbox() {
    return batch.pendingOutbox() + announced;
  }

  @Override
  public Optional<IdempotentResult> idempotentResult(String keyHash) {
    IdempotentResult own = ownResults.get(keyHash);
    return own != null ? Optional.of(own) : batch.idempotentResult(keyHash);
  }

  @Override
  public void rememberIdempotentResult(String keyHash, IdempotentResult result) {
    ownResults.put(keyHash, result);
    intents.add(new Remember(keyHash, result));
  }

  /** The relay delivered the entries up to this one (and gave up on the dead letters among them). */
  void acknowledge(long deliveredUpTo, List<DeadLetter> deadLetters) {
    intents.add(new Acknowledge(deliveredUpTo, List.copyOf(deadLetters)));
  }

  /** A dead replica's marker pointing at this user: take the lease over if it still names that replica. */
  void forgetMarker(String replicaId, int slot) {
    intents.add(new ForgetMarker(replicaId, slot));
  }
}
