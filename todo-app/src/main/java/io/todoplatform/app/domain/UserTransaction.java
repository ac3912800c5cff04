package io.todoplatform.app.domain;

import io.todoplatform.app.events.OutboxEntry;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.TaskStore;
import io.todoplatform.app.ports.VersionedDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt at changing a user's data: collects task writes and outbox entries, keeps the user's ledger
 * (index, pending reminders, outbox) in step with them, and turns everything into a single etag-guarded
 * state transaction. Nothing is written until {@link #writes()} is committed.
 */
public final class UserTransaction {
  private final TaskStore store;
  private final String userId;
  private final VersionedDocument<UserLedger> ledgerDoc;
  private final LinkedHashSet<String> taskIds;
  private final Map<String, Instant> pendingReminders;
  private final List<OutboxEntry> outbox;
  private final Map<String, Optional<VersionedDocument<TaskRecord>>> readTasks = new LinkedHashMap<>();
  private final Map<String, StateWrite> taskWrites = new LinkedHashMap<>();
  private boolean ledgerChanged;

  UserTransaction(TaskStore store, String userId) {
    this.store = store;
    this.userId = userId;
    this.ledgerDoc = store.read(StateKeys.ledger(userId), UserLedger.class).orElse(null);
    UserLedger ledger = ledgerDoc == null ? UserLedger.empty(userId) : ledgerDoc.value();
    this.taskIds = new LinkedHashSet<>(ledger.taskIds());
    this.pendingReminders = new LinkedHashMap<>(ledger.pendingReminders());
    this.outbox = new ArrayList<>(ledger.outbox());
  }

  public String userId() {
    return userId;
  }

  /** The user's task, or empty when it does not exist or belongs to someone else. */
  public Optional<TaskRecord> task(String taskId) {
    return readTasks.computeIfAbsent(taskId, id -> store.read(StateKeys.task(id), TaskRecord.class))
        .map(VersionedDocument::value)
        .filter(t -> userId.equals(t.userId()));
  }

  public List<String> taskIds() {
    return List.copyOf(taskIds);
  }

  public int pendingOutboxSize() {
    return outbox.size();
  }

  public void put(TaskRecord task) {
    if (!userId.equals(task.userId())) {
      throw new IllegalArgumentException("task belongs to another user");
    }
    taskWrites.put(task.id(), StateWrite.put(StateKeys.task(task.id()), task, etagOf(task.id())));
    taskIds.add(task.id());
    if (task.hasPendingReminder()) {
      pendingReminders.put(task.id(), task.remindAt());
    } else {
      pendingReminders.remove(task.id());
    }
    ledgerChanged = true;
  }

  public void delete(String taskId) {
    String etag = etagOf(taskId);
    if (etag == null) {
      throw new IllegalStateException("delete of a task that was not read in this transaction");
    }
    taskWrites.put(taskId, StateWrite.delete(StateKeys.task(taskId), etag));
    taskIds.remove(taskId);
    pendingReminders.remove(taskId);
    ledgerChanged = true;
  }

  public void enqueue(OutboxEntry entry) {
    outbox.add(entry);
    ledgerChanged = true;
  }

  boolean hasChanges() {
    return ledgerChanged || !taskWrites.isEmpty();
  }

  /** The whole change as one atomic transaction, or an empty list when nothing changed. */
  List<StateWrite> writes() {
    if (!hasChanges()) {
      return List.of();
    }
    List<StateWrite> writes = new ArrayList<>(taskWrites.values());
    UserLedger ledger = new UserLedger(userId, List.copyOf(taskIds), Map.copyOf(pendingReminders),
        List.copyOf(outbox));
    writes.add(StateWrite.put(StateKeys.ledger(userId), ledger, ledgerDoc == null ? null : ledgerDoc.etag()));
    if (ledgerDoc == null) {
      writes.add(registryWrite());
    }
    return writes;
  }

  /** A user's first ledger also enters the registry, in the same transaction, so no user is ever missed. */
  private StateWrite registryWrite() {
    String key = StateKeys.registryShard(StateKeys.shardOf(userId));
    Optional<VersionedDocument<UserRegistryShard>> shard = store.read(key, UserRegistryShard.class);
    List<String> users = new ArrayList<>(shard.map(d -> d.value().userIds()).orElse(List.of()));
    if (!users.contains(userId)) {
      users.add(userId);
    }
    return StateWrite.put(key, new UserRegistryShard(users), shard.map(VersionedDocument::etag).orElse(null));
  }

  private String etagOf(String taskId) {
    Optional<VersionedDocument<TaskRecord>> read = readTasks.get(taskId);
    return read == null ? null : read.map(VersionedDocument::etag).orElse(null);
  }
}
