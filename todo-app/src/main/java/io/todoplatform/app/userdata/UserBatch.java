package io.todoplatform.app.userdata;

import io.todoplatform.app.domain.DomainEvent;
import io.todoplatform.app.domain.IdempotentResult;
import io.todoplatform.app.domain.TaskRecord;
import io.todoplatform.app.domain.TaskSummary;
import io.todoplatform.app.ports.StateStore;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.VersionedDocument;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The operations of one user committed together: reads what they need (lazily, once), applies them one after the
 * other to the user's head, index pages and tasks in memory, and turns the result into ONE state transaction that
 * is guarded by the head's etag. A write touches a bounded number of bounded documents: the head, the pages of the
 * tasks it changes, the tasks, one document per outbox entry and per idempotency record.
 */
final class UserBatch {
  /** Tasks per index page. */
  static final int PAGE_CAPACITY = 100;
  static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
  static final Duration DEAD_LETTER_TTL = Duration.ofDays(30);

  private final StateStore store;
  private final String userId;
  private final DeliveryLeases leases;
  private final Clock clock;
  private final String headEtag;
  private final DeliveryLease initialLease;

  private long sequence;
  private long outboxFirst;
  private long outboxNext;
  private long nextPage;
  private int taskCount;
  private DeliveryLease lease;
  private final LinkedHashMap<Long, PageInfo> pages = new LinkedHashMap<>();

  private final Map<String, Optional<VersionedDocument<TaskDocument>>> loadedTasks = new HashMap<>();
  private final Map<Long, Optional<VersionedDocument<IndexPage>>> loadedPages = new HashMap<>();
  private final Map<String, Optional<VersionedDocument<IdempotentResult>>> loadedResults = new HashMap<>();

  private final Map<String, TaskDocument> stagedTasks = new LinkedHashMap<>();
  private final Map<Long, LinkedHashMap<String, TaskSummary>> stagedPages = new LinkedHashMap<>();
  private final List<OutboxRecord> stagedOutbox = new ArrayList<>();
  private final Map<String, IdempotentResult> stagedResults = new LinkedHashMap<>();
  private final List<StateWrite> extraWrites = new ArrayList<>();
  private final Set<String> extraDeletes = new LinkedHashSet<>();
  private boolean changed;
  private long estimatedBytes;
  private Integer acquiredSlot;
  private Integer releasedSlot;

  UserBatch(StateStore store, String userId, DeliveryLeases leases, Clock clock) {
    this.store = store;
    this.userId = userId;
    this.leases = leases;
    this.clock = clock;
    Optional<VersionedDocument<UserHead>> loaded = store.read(StateKeys.head(userId), UserHead.class);
    UserHead head = loaded.map(VersionedDocument::value).orElse(UserHead.empty());
    headEtag = loaded.map(VersionedDocument::etag).orElse(null);
    sequence = head.sequence();
    outboxFirst = head.outboxFirst();
    outboxNext = head.outboxNext();
    nextPage = head.nextPage();
    taskCount = head.taskCount();
    lease = head.lease();
    initialLease = head.lease();
    head.pages().forEach(p -> pages.put(p.n(), p));
    estimatedBytes = 512 + 24L * pages.size();
  }

  String userId() {
    return userId;
  }

  int taskCount() {
    return taskCount;
  }

  long pendingOutbox() {
    return outboxNext - outboxFirst;
  }

  long estimatedBytes() {
    return estimatedBytes;
  }

  OperationScope scope() {
    return new OperationScope(this);
  }

  /** Reads these tasks in bulk (50 a call) before the operations ask for them one by one. */
  void prefetchTasks(Collection<String> taskIds) {
    List<String> missing = taskIds.stream().filter(id -> !loadedTasks.containsKey(id)).distinct().toList();
    for (int from = 0; from < missing.size(); from += 50) {
      List<String> chunk = missing.subList(from, Math.min(missing.size(), from + 50));
      Map<String, VersionedDocument<TaskDocument>> found = new HashMap<>();
      store.readAll(chunk.stream().map(StateKeys::task).toList(), TaskDocument.class)
          .forEach(d -> found.put(d.key(), d));
      for (String id : chunk) {
        loadedTasks.put(id, Optional.ofNullable(found.get(StateKeys.task(id))));
      }
    }
  }

  Optional<TaskRecord> task(String taskId) {
    return document(taskId).map(TaskDocument::task).filter(t -> userId.equals(t.userId()));
  }

  Optional<IdempotentResult> idempotentResult(String keyHash) {
    IdempotentResult staged = stagedResults.get(keyHash);
    if (staged != null) {
      return Optional.of(staged);
    }
    return loadedResults.computeIfAbsent(keyHash,
        k -> store.read(StateKeys.idempotency(userId, k), IdempotentResult.class)).map(VersionedDocument::value);
  }

  private Optional<TaskDocument> document(String taskId) {
    if (stagedTasks.containsKey(taskId)) {
      return Optional.ofNullable(stagedTasks.get(taskId));
    }
    return loadedTasks.computeIfAbsent(taskId, id -> store.read(StateKeys.task(id), TaskDocument.class))
        .map(VersionedDocument::value)
        .filter(d -> d.task() != null && userId.equals(d.task().userId()));
  }

  /** Applies a finished operation's changes in order. */
  void apply(OperationScope scope) {
    for (OperationScope.Intent intent : scope.intents()) {
      changed = true;
      // Java 17: no pattern matching in switch yet.
      if (intent instanceof OperationScope.Put put) {
        putTask(put.task());
      } else if (intent instanceof OperationScope.Delete delete) {
        deleteTask(delete.task());
      } else if (intent instanceof OperationScope.Emit emit) {
        announce(new OutboxRecord(outboxNext, stored(emit.event()), null));
      } else if (intent instanceof OperationScope.Remind remind) {
        announce(new OutboxRecord(outboxNext, null, remind.change()));
      } else if (intent instanceof OperationScope.Remember remember) {
        stagedResults.put(remember.keyHash(), remember.result());
        estimatedBytes += 2048;
      } else if (intent instanceof OperationScope.Acknowledge ack) {
        acknowledge(ack.deliveredUpTo(), ack.deadLetters());
      } else if (intent instanceof OperationScope.ForgetMarker forget) {
        forgetMarker(forget.replicaId(), forget.slot());
      }
    }
  }

  private StoredEvent stored(DomainEvent event) {
    String id = event.id() != null ? event.id() : UUID.randomUUID().toString();
    return new StoredEvent(id, event.type(), clock.instant(), event.traceparent(), ++sequence, event.task());
  }

  private void announce(OutboxRecord record) {
    stagedOutbox.add(record);
    outboxNext++;
    estimatedBytes += record.estimatedBytes();
  }

  private void putTask(TaskRecord task) {
    Optional<TaskDocument> existing = document(task.id());
    long page;
    if (existing.isEmpty()) {
      page = pageWithRoom();
      entries(page).put(task.id(), task.summary());
      PageInfo info = pages.get(page);
      pages.put(page, new PageInfo(page, info.count() + 1, info.bytes()));
      taskCount++;
    } else {
      page = existing.get().page();
      if (!existing.get().task().summary().equals(task.summary())) {
        entries(page).put(task.id(), task.summary());
      }
    }
    stagedTasks.put(task.id(), new TaskDocument(task, page));
    estimatedBytes += 1024 + (task.description() == null ? 0 : task.description().length() * 2L);
  }

  private void deleteTask(TaskRecord task) {
    Optional<TaskDocument> existing = document(task.id());
    if (existing.isEmpty()) {
      return;
    }
    long page = existing.get().page();
    entries(page).remove(task.id());
    PageInfo info = pages.get(page);
    if (info != null) {
      if (info.count() <= 1) {
        pages.remove(page);
      } else {
        pages.put(page, new PageInfo(page, info.count() - 1, info.bytes()));
      }
    }
    taskCount--;
    stagedTasks.put(task.id(), null);
  }

  /** The first page with room; a new page only when every page is full, so pages stay few and dense. */
  private long pageWithRoom() {
    for (PageInfo info : pages.values()) {
      if (info.count() < PAGE_CAPACITY) {
        return info.n();
      }
    }
    long page = nextPage++;
    pages.put(page, new PageInfo(page, 0, 0));
    loadedPages.put(page, Optional.empty());
    return page;
  }

  private LinkedHashMap<String, TaskSummary> entries(long page) {
    return stagedPages.computeIfAbsent(page, n -> {
      Optional<VersionedDocument<IndexPage>> loaded = loadedPages.computeIfAbsent(n,
          k -> store.read(StateKeys.indexPage(userId, k), IndexPage.class));
      LinkedHashMap<String, TaskSummary> byId = new LinkedHashMap<>();
      loaded.ifPresent(d -> d.value().entries().forEach(e -> byId.put(e.id(), e)));
      estimatedBytes += loaded.map(d -> pages.containsKey(n) ? pages.get(n).bytes() : 0).orElse(0);
      return byId;
    });
  }

  private void acknowledge(long deliveredUpTo, List<DeadLetter> deadLetters) {
    for (DeadLetter letter : deadLetters) {
      extraWrites.add(StateWrite.insert(StateKeys.deadLetter(userId, letter.entry().n()), Documents.encode(letter),
          DEAD_LETTER_TTL));
    }
    long last = Math.min(deliveredUpTo, outboxNext - 1);
    for (long n = outboxFirst; n <= last; n++) {
      extraDeletes.add(StateKeys.outbox(userId, n));
    }
    if (last >= outboxFirst) {
      outboxFirst = last + 1;
    }
  }

  private void forgetMarker(String replicaId, int slot) {
    boolean stillNamed = lease != null && lease.owner().equals(replicaId) && lease.slot() == slot;
    if (!stillNamed) {
      extraDeletes.add(StateKeys.relayMarker(replicaId, slot));
    }
    // Otherwise finish() sees a dead owner, takes the lease over and deletes the marker with it.
  }

  /**
   * The transaction, or an empty list when nothing changed. Decides the delivery lease last: whoever commits
   * entries while nobody alive holds the lease takes it (with its marker, in this same transaction), and the
   * holder gives it back with the commit that leaves the outbox empty.
   */
  List<StateWrite> finish() {
    DeliveryLease finalLease = lease;
    String self = leases.self();
    boolean foreignDead = finalLease != null && !finalLease.owner().equals(self) && !leases.isAlive(finalLease.owner());
    if (outboxNext > outboxFirst) {
      if (finalLease == null || foreignDead) {
        if (foreignDead) {
          extraDeletes.add(StateKeys.relayMarker(finalLease.owner(), finalLease.slot()));
        }
        acquiredSlot = leases.acquireSlot(userId);
        finalLease = new DeliveryLease(self, acquiredSlot);
      }
    } else if (finalLease != null && (finalLease.owner().equals(self) || foreignDead)) {
      if (foreignDead) {
        extraDeletes.add(StateKeys.relayMarker(finalLease.owner(), finalLease.slot()));
      }
      finalLease = null;
    }
    boolean wasMine = initialLease != null && initialLease.owner().equals(self);
    boolean isMine = finalLease != null && finalLease.owner().equals(self);
    boolean leaseChanged = !java.util.Objects.equals(initialLease, finalLease);
    if (!changed && !leaseChanged && extraDeletes.isEmpty()) {
      return List.of();
    }
    lease = finalLease;

    List<StateWrite> writes = new ArrayList<>();
    writes.add(StateWrite.put(StateKeys.head(userId), Documents.encode(head()), headEtag));
    if (isMine && !(wasMine && initialLease.slot() == finalLease.slot())) {
      writes.add(StateWrite.upsert(StateKeys.relayMarker(self, finalLease.slot()), Documents.encode(new RelayMarker(userId))));
    }
    if (wasMine && !(isMine && initialLease.slot() == finalLease.slot())) {
      extraDeletes.add(StateKeys.relayMarker(self, initialLease.slot()));
      releasedSlot = initialLease.slot();
    }
    stagedTasks.forEach((id, doc) -> {
      String etag = loadedTasks.getOrDefault(id, Optional.empty()).map(VersionedDocument::etag).orElse(null);
      if (doc == null) {
        if (etag != null) {
          writes.add(StateWrite.delete(StateKeys.task(id), etag));
        }
      } else {
        writes.add(StateWrite.put(StateKeys.task(id), Documents.encode(doc), etag));
      }
    });
    stagedPages.forEach((n, byId) -> {
      String etag = loadedPages.getOrDefault(n, Optional.empty()).map(VersionedDocument::etag).orElse(null);
      if (byId.isEmpty()) {
        if (etag != null) {
          writes.add(StateWrite.delete(StateKeys.indexPage(userId, n), etag));
        }
      } else {
        byte[] json = Documents.encode(new IndexPage(List.copyOf(byId.values())));
        writes.add(StateWrite.put(StateKeys.indexPage(userId, n), json, etag));
        PageInfo info = pages.get(n);
        if (info != null) {
          pages.put(n, new PageInfo(n, byId.size(), json.length));
        }
      }
    });
    // The head lists the pages' final sizes: rewrite it now that they are known.
    writes.set(0, StateWrite.put(StateKeys.head(userId), Documents.encode(head()), headEtag));
    for (OutboxRecord record : stagedOutbox) {
      writes.add(StateWrite.insert(StateKeys.outbox(userId, record.n()), Documents.encode(record), null));
    }
    stagedResults.forEach((hash, result) -> writes.add(
        StateWrite.insert(StateKeys.idempotency(userId, hash), Documents.encode(result), IDEMPOTENCY_TTL)));
    writes.addAll(extraWrites);
    for (String key : extraDeletes) {
      writes.add(StateWrite.delete(key, null));
    }
    return writes;
  }

  private UserHead head() {
    return new UserHead(sequence, outboxFirst, outboxNext, List.copyOf(pages.values()), nextPage, taskCount, lease);
  }

  /** Titles of the tasks this batch writes (for the test hook). */
  List<String> stagedTitles() {
    return stagedTasks.values().stream().filter(java.util.Objects::nonNull).map(d -> d.task().title()).toList();
  }

  /** After the commit: true when this replica now holds the lease over a non-empty outbox. */
  boolean deliveryDue() {
    return lease != null && lease.owner().equals(leases.self()) && outboxNext > outboxFirst;
  }

  long outboxFirst() {
    return outboxFirst;
  }

  long outboxNext() {
    return outboxNext;
  }

  /** The outbox entries this batch wrote, in order. */
  List<OutboxRecord> stagedOutbox() {
    return List.copyOf(stagedOutbox);
  }

  /** The commit went through: slots given back are free now. */
  void committed() {
    if (releasedSlot != null) {
      leases.releaseSlot(releasedSlot);
    }
  }

  /** The commit failed: a slot taken for it was never used. */
  void abandoned() {
    if (acquiredSlot != null) {
      leases.releaseSlot(acquiredSlot);
    }
  }
}
