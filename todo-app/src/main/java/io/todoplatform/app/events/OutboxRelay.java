package io.todoplatform.app.events;

import io.todoplatform.app.domain.StateKeys;
import io.todoplatform.app.domain.UserLedger;
import io.todoplatform.app.domain.UserRegistryShard;
import io.todoplatform.app.observability.AppMetrics;
import io.todoplatform.app.ports.ConcurrencyConflictException;
import io.todoplatform.app.ports.EventPublisher;
import io.todoplatform.app.ports.JobScheduler;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.TaskStore;
import io.todoplatform.app.ports.VersionedDocument;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what the users' outboxes hold: publishes their CloudEvents and carries out their reminder-job
 * commands, in commit order per user, then removes the delivered entries. Delivery is at least once (a
 * crash between publishing and removing re-publishes with the same CloudEvent id), never lost (entries
 * stay until delivered) and never phantom (entries exist only for committed changes).
 *
 * <p>It runs right after every commit, retries users whose delivery failed on a timer, and can walk
 * every registered user to pick up what a crashed process or another replica left behind.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int LOCK_STRIPES = 64;

  private final TaskStore store;
  private final EventPublisher publisher;
  private final JobScheduler jobs;
  private final AppMetrics metrics;
  private final Duration retryInterval;
  private final Duration recoveryInterval;
  private final ExecutorService workers = Executors.newFixedThreadPool(2, named("outbox-relay"));
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("outbox-retry"));
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final Set<String> failedUsers = ConcurrentHashMap.newKeySet();
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

  /**
   * @param retryInterval how often users whose delivery failed are tried again
   * @param recoveryInterval how often every registered user is checked, for entries left by a crashed
   *     process or another replica (the sweep does it too, but the sweep's cron binding is optional)
   */
  public OutboxRelay(TaskStore store, EventPublisher publisher, JobScheduler jobs, AppMetrics metrics,
      Duration retryInterval, Duration recoveryInterval) {
    this.store = store;
    this.publisher = publisher;
    this.jobs = jobs;
    this.metrics = metrics;
    this.retryInterval = retryInterval;
    this.recoveryInterval = recoveryInterval;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** Starts the retry timer and the recovery passes over every user (the first one right away). */
  public void start() {
    long millis = retryInterval.toMillis();
    timer.scheduleWithFixedDelay(this::retryFailedUsers, millis, millis, TimeUnit.MILLISECONDS);
    // The walk reads the store: it runs on a worker so a slow store never delays the retries.
    timer.scheduleWithFixedDelay(() -> submitQuietly(this::requestFlushOfAllUsers), 0,
        recoveryInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void submitQuietly(Runnable work) {
    try {
      workers.submit(work);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // shutting down
    }
  }

  /** Asks for delivery of a user's outbox soon; requests for a user already queued are merged. */
  public void requestFlush(String userId) {
    if (queued.add(userId)) {
      try {
        workers.submit(() -> {
          queued.remove(userId);
          flush(userId);
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        queued.remove(userId);
        failedUsers.add(userId); // shutting down: the final drain or the next start picks it up
      }
    }
  }

  /** Queues every registered user; used at start and by the periodic sweep. */
  public void requestFlushOfAllUsers() {
    try {
      for (String userId : registeredUsers()) {
        requestFlush(userId);
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not walk the user registry to recover outboxes: {}", e.toString());
    }
  }

  public List<String> registeredUsers() {
    List<String> users = new ArrayList<>();
    for (int shard = 0; shard < StateKeys.REGISTRY_SHARDS; shard++) {
      store.read(StateKeys.registryShard(shard), UserRegistryShard.class)
          .ifPresent(d -> users.addAll(d.value().userIds()));
    }
    return users;
  }

  /**
   * Delivers a user's outbox now, on the calling thread.
   *
   * @return true when the outbox is empty afterwards
   */
  public boolean flush(String userId) {
    ReentrantLock lock = locks[Math.floorMod(userId.hashCode(), LOCK_STRIPES)];
    lock.lock();
    try {
      while (true) {
        Optional<VersionedDocument<UserLedger>> ledger = store.read(StateKeys.ledger(userId), UserLedger.class);
        List<OutboxEntry> pending = ledger.map(d -> d.value().outbox()).orElse(List.of());
        if (pending.isEmpty()) {
          metrics.pendingOutbox(userId, 0);
          failedUsers.remove(userId);
          return true;
        }
        Set<String> delivered = new HashSet<>();
        boolean failed = false;
        for (OutboxEntry entry : pending) {
          if (!deliver(userId, entry)) {
            failed = true;
            break; // keep per-user order: nothing after a failed entry goes out before it
          }
          delivered.add(entry.id());
        }
        if (!delivered.isEmpty()) {
          removeDelivered(userId, delivered);
        }
        if (failed) {
          metrics.pendingOutbox(userId, pending.size() - delivered.size());
          failedUsers.add(userId);
          return false;
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Outbox of a user could not be read; will retry: {}", e.toString());
      failedUsers.add(userId);
      return false;
    } finally {
      lock.unlock();
    }
  }

  private boolean deliver(String userId, OutboxEntry entry) {
    try {
      switch (entry.kind()) {
        case PUBLISH_EVENT -> {
          publisher.publish(entry.topic(), userId, entry.event());
          metrics.eventPublished(entry.event().path("type").asText());
        }
        case SCHEDULE_JOB -> {
          jobs.schedule(entry.jobName(), entry.dueTime(), entry.jobData().getBytes(StandardCharsets.UTF_8));
          metrics.reminderScheduled();
        }
        case DELETE_JOB -> jobs.delete(entry.jobName());
      }
      return true;
    } catch (RuntimeException e) {
      if (entry.kind() == OutboxEntry.Kind.PUBLISH_EVENT) {
        metrics.eventPublishFailed(entry.event().path("type").asText());
      }
      LOG.warn("Outbox delivery of {} {} failed; will retry: {}", entry.kind(), entry.id(), e.toString());
      return false;
    }
  }

  /** Removes delivered entries; entries appended meanwhile by new commits stay. */
  private void removeDelivered(String userId, Set<String> delivered) {
    for (int attempt = 0; attempt < 100; attempt++) {
      Optional<VersionedDocument<UserLedger>> doc = store.read(StateKeys.ledger(userId), UserLedger.class);
      if (doc.isEmpty()) {
        return;
      }
      UserLedger l = doc.get().value();
      List<OutboxEntry> remaining = l.outbox().stream().filter(e -> !delivered.contains(e.id())).toList();
      UserLedger updated = new UserLedger(l.userId(), l.taskIds(), l.pendingReminders(), remaining);
      try {
        store.commit(List.of(StateWrite.put(StateKeys.ledger(userId), updated, doc.get().etag())));
        metrics.pendingOutbox(userId, remaining.size());
        return;
      } catch (ConcurrencyConflictException e) {
        // A new change of this user was committed meanwhile: re-read and remove again.
      }
    }
    throw new IllegalStateException("could not record delivered outbox entries of a user");
  }

  private void retryFailedUsers() {
    for (String userId : List.copyOf(failedUsers)) {
      requestFlush(userId);
    }
  }

  /**
   * Graceful shutdown: finish queued deliveries, then one last synchronous attempt for users whose
   * delivery failed, within the time given.
   */
  public void drain(Duration timeout) {
    timer.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Outbox relay did not finish within {}", timeout);
        workers.shutdownNow();
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    for (String userId : List.copyOf(failedUsers)) {
      flush(userId);
    }
    if (metrics.pendingOutboxTotal() > 0) {
      LOG.warn("{} outbox entries stay pending; they are delivered after the next start",
          metrics.pendingOutboxTotal());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdownNow();
  }

  static java.util.concurrent.ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
