package io.todoplatform.app.userdata;

import io.todoplatform.app.domain.TemporarilyUnavailableException;
import io.todoplatform.app.domain.UserOperation;
import io.todoplatform.app.domain.UserWrites;
import io.todoplatform.app.observability.AppMetrics;
import io.todoplatform.app.ports.ConcurrencyConflictException;
import io.todoplatform.app.ports.StateStore;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.StoreUnavailableException;
import io.todoplatform.app.support.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Serialises each user's writes in this process and commits them in groups. The first caller of an idle user
 * leads: it takes every operation queued for that user, applies them one after the other on the user's latest
 * data and commits them in ONE transaction (bounded in operations and bytes), then completes every caller. While
 * it commits, new operations queue up for the next group; a leader whose own operation is done hands the lead to
 * the oldest waiting caller. So 32 concurrent creates of one user take a handful of transactions instead of 32
 * writers retrying against each other on the same head. Across replicas the head's etag still decides: a group
 * that lost the race is re-applied on a fresh read, with jittered back-off.
 */
public final class UserWriteQueue implements UserWrites {
  static final int MAX_OPERATIONS_PER_BATCH = 64;
  static final Duration ACK_DELAY = Duration.ofMillis(100);
  /**
   * Acknowledgements are committed on this many threads: each is a blocking transaction through the sidecar, so one
   * thread would cap them at one user per round trip, and one slow or contended user would hold back everyone's.
   */
  static final int ACK_WRITERS = 8;
  static final long MAX_BATCH_BYTES = 1024 * 1024;
  private static final int MAX_ATTEMPTS = 100;

  private final StateStore store;
  private final DeliveryLeases leases;
  private final Clock clock;
  private final AppMetrics metrics;
  private final DeliveryDue deliveryDue;
  private final Map<String, Lane> lanes = new HashMap<>();
  /** Deliveries recorded lazily: merged into the user's next group, or flushed on their own after a moment. */
  private final Map<String, PendingAck> pendingAcks = new HashMap<>();
  private final ScheduledExecutorService ackTimer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("outbox-ack-timer"));
  private final ExecutorService ackWriters =
      Executors.newFixedThreadPool(ACK_WRITERS, DaemonThreads.named("outbox-ack"));
  private volatile Consumer<String> acknowledged = userId -> { };
  private final CommitCrashHook crashHook = new CommitCrashHook();

  /** @param deliveryDue told after a commit that left this replica holding a non-empty outbox */
  public UserWriteQueue(StateStore store, DeliveryLeases leases, Clock clock, AppMetrics metrics,
      DeliveryDue deliveryDue) {
    this.store = store;
    this.leases = leases;
    this.clock = clock;
    this.metrics = metrics;
    this.deliveryDue = deliveryDue;
  }

  @Override
  public <R> R apply(String userId, UserOperation<R> operation) {
    return run(userId, scope -> operation.apply(scope), operation.taskIdsRead());
  }

  /** Records delivered outbox entries (and dead letters) of a user; releases the lease when nothing is left. */
  public void acknowledge(String userId, long deliveredUpTo, List<DeadLetter> deadLetters) {
    run(userId, scope -> {
      scope.acknowledge(deliveredUpTo, deadLetters);
      return null;
    });
  }

  /**
   * Records delivered entries lazily: the next group of this user's writes carries the acknowledgement in its own
   * transaction (no transaction of its own while the user keeps writing); otherwise it is committed on its own after
   * {@link #ACK_DELAY}. Until then a crash only means the entries are published again (same ids).
   */
  public void acknowledgeLater(String userId, long deliveredUpTo, List<DeadLetter> deadLetters) {
    boolean schedule;
    synchronized (pendingAcks) {
      PendingAck pending = pendingAcks.get(userId);
      schedule = pending == null;
      pendingAcks.put(userId, pending == null ? new PendingAck(deliveredUpTo, List.copyOf(deadLetters))
          : pending.merge(deliveredUpTo, deadLetters));
    }
    if (schedule) {
      try {
        scheduleFlush(userId, ACK_DELAY);
      } catch (RejectedExecutionException e) {
        flushAck(userId); // closing: record it now
      }
    }
  }

  public boolean hasPendingAck(String userId) {
    synchronized (pendingAcks) {
      return pendingAcks.containsKey(userId);
    }
  }

  /** Told, with the user's id, each time a commit has recorded that user's pending acknowledgement. */
  public void onAcknowledged(Consumer<String> listener) {
    this.acknowledged = listener;
  }

  private void scheduleFlush(String userId, Duration delay) {
    ackTimer.schedule(() -> {
      try {
        ackWriters.execute(() -> flushAck(userId));
      } catch (RejectedExecutionException e) {
        // closing: flushAcks() records what is still pending
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void flushAck(String userId) {
    if (hasPendingAck(userId)) {
      try {
        run(userId, scope -> null); // the group takes the pending acknowledgement along
      } catch (RuntimeException e) {
        // stays pending; the relay's next attempt or the user's next write records it
        try {
          scheduleFlush(userId, Duration.ofSeconds(1));
        } catch (RejectedExecutionException closing) {
          // closing: flushAcks() records what is still pending
        }
      }
    }
  }

  /** Records every pending acknowledgement now (graceful shutdown). */
  public void flushAcks() {
    List<String> users;
    synchronized (pendingAcks) {
      users = List.copyOf(pendingAcks.keySet());
    }
    for (String userId : users) {
      try {
        run(userId, scope -> null);
      } catch (RuntimeException e) {
        // left to the next start or another replica: the entries are published again, same ids
      }
    }
    ackTimer.shutdownNow();
    ackWriters.shutdownNow();
  }

  private record PendingAck(long deliveredUpTo, List<DeadLetter> deadLetters) {
    PendingAck merge(long upTo, List<DeadLetter> more) {
      List<DeadLetter> all = new ArrayList<>(deadLetters);
      all.addAll(more);
      return new PendingAck(Math.max(deliveredUpTo, upTo), all);
    }
  }

  /** A dead replica's marker named this user: take its lease over (or just drop the stale marker). */
  public void reclaim(String userId, String deadReplica, int slot) {
    run(userId, scope -> {
      scope.forgetMarker(deadReplica, slot);
      return null;
    });
  }

  private <R> R run(String userId, Function<OperationScope, R> operation) {
    return run(userId, operation, List.of());
  }

  private <R> R run(String userId, Function<OperationScope, R> operation, Collection<String> taskIdsRead) {
    Pending<R> mine = new Pending<>(operation, taskIdsRead);
    boolean leading;
    synchronized (lanes) {
      Lane lane = lanes.computeIfAbsent(userId, k -> new Lane());
      lane.queue.add(mine);
      leading = !lane.leading;
      lane.leading = true;
    }
    if (leading || mine.awaitTurnToLead()) {
      lead(userId, mine);
    }
    return mine.awaitResult();
  }

  private void lead(String userId, Pending<?> mine) {
    while (true) {
      List<Pending<?>> batch = new ArrayList<>();
      synchronized (lanes) {
        Lane lane = lanes.get(userId);
        if (lane.queue.isEmpty()) {
          lanes.remove(userId);
          return;
        }
        if (mine.isDone()) {
          lane.queue.peek().handLead(); // keep the lead with someone who is still waiting
          return;
        }
        while (!lane.queue.isEmpty() && batch.size() < MAX_OPERATIONS_PER_BATCH) {
          batch.add(lane.queue.poll());
        }
      }
      List<Pending<?>> deferred = runBatch(userId, batch);
      if (!deferred.isEmpty()) {
        synchronized (lanes) {
          Lane lane = lanes.get(userId);
          for (int i = deferred.size() - 1; i >= 0; i--) {
            lane.queue.addFirst(deferred.get(i));
          }
        }
      }
    }
  }

  /** @return the operations left for the next group (past the byte bound) */
  private List<Pending<?>> runBatch(String userId, List<Pending<?>> batch) {
    for (int attempt = 1; ; attempt++) {
      UserBatch group = null;
      List<Pending<?>> included = new ArrayList<>();
      List<Pending<?>> deferred = new ArrayList<>();
      PendingAck ack;
      synchronized (pendingAcks) {
        ack = pendingAcks.remove(userId);
      }
      try {
        group = new UserBatch(store, userId, leases, clock);
        Set<String> reads = new LinkedHashSet<>();
        batch.forEach(p -> reads.addAll(p.taskIdsRead));
        group.prefetchTasks(reads);
        if (ack != null) {
          OperationScope scope = group.scope();
          scope.acknowledge(ack.deliveredUpTo(), ack.deadLetters());
          group.apply(scope);
        }
        for (Pending<?> pending : batch) {
          if (!included.isEmpty() && group.estimatedBytes() > MAX_BATCH_BYTES) {
            deferred.add(pending);
            continue;
          }
          OperationScope scope = group.scope();
          if (pending.tryApply(scope)) {
            group.apply(scope);
          }
          included.add(pending);
        }
        List<StateWrite> writes = group.finish();
        if (!writes.isEmpty()) {
          store.commit(writes);
          crashHook.afterCommit(group.stagedTitles());
          group.committed();
          metrics.userBatchCommitted(included.size());
        }
        boolean recordedAck = ack != null;
        ack = null;
        included.forEach(Pending::complete);
        if (recordedAck) {
          acknowledged.accept(userId);
        }
        if (group.deliveryDue()) {
          deliveryDue.due(userId, group.outboxFirst(), group.outboxNext(), group.stagedOutbox());
        }
        return deferred;
      } catch (ConcurrencyConflictException e) {
        restore(userId, ack);
        group.abandoned();
        metrics.userBatchConflict();
        if (attempt >= MAX_ATTEMPTS) {
          failAll(batch, new TemporarilyUnavailableException("too much contention on this user's tasks; retry", e));
          return List.of();
        }
        backOff(attempt);
      } catch (StoreUnavailableException e) {
        restore(userId, ack);
        if (group != null) {
          group.abandoned();
        }
        failAll(batch, new TemporarilyUnavailableException("the state store is unavailable; nothing was changed", e));
        return List.of();
      } catch (RuntimeException e) {
        restore(userId, ack);
        if (group != null) {
          group.abandoned();
        }
        failAll(batch, e);
        return List.of();
      }
    }
  }

  /** A group that did not commit gives its acknowledgement back for the next one. */
  private void restore(String userId, PendingAck ack) {
    if (ack != null) {
      synchronized (pendingAcks) {
        PendingAck newer = pendingAcks.get(userId);
        pendingAcks.put(userId, newer == null ? ack : newer.merge(ack.deliveredUpTo(), ack.deadLetters()));
      }
    }
  }

  private static void failAll(List<Pending<?>> batch, RuntimeException error) {
    batch.forEach(p -> p.fail(error));
  }

  private static void backOff(int attempt) {
    // Jitter spreads the replicas' retries apart so they stop colliding.
    long maxMillis = Math.min(50, 1L << Math.min(attempt, 6));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(maxMillis + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TemporarilyUnavailableException("interrupted while retrying", e);
    }
  }

  private static final class Lane {
    final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
    boolean leading;
  }

  /** One caller's operation: its staged outcome in the current attempt, then its final result. */
  private static final class Pending<R> {
    private final Function<OperationScope, R> operation;
    private final Collection<String> taskIdsRead;
    private R staged;
    private RuntimeException stagedError;
    private boolean done;
    private boolean lead;
    private R result;
    private RuntimeException error;

    Pending(Function<OperationScope, R> operation, Collection<String> taskIdsRead) {
      this.operation = operation;
      this.taskIdsRead = taskIdsRead;
    }

    /** Runs the operation; its own failure (404, 412, 400...) stays its own. @return true when it succeeded */
    boolean tryApply(OperationScope scope) {
      try {
        staged = operation.apply(scope);
        stagedError = null;
        return true;
      } catch (StoreUnavailableException | ConcurrencyConflictException e) {
        throw e;
      } catch (RuntimeException e) {
        staged = null;
        stagedError = e;
        return false;
      }
    }

    synchronized void complete() {
      result = staged;
      error = stagedError;
      done = true;
      notifyAll();
    }

    synchronized void fail(RuntimeException e) {
      error = e;
      done = true;
      notifyAll();
    }

    synchronized boolean isDone() {
      return done;
    }

    synchronized void handLead() {
      lead = true;
      notifyAll();
    }

    /** @return true when this caller must lead, false when its operation was done by another leader */
    synchronized boolean awaitTurnToLead() {
      boolean interrupted = false;
      while (!done && !lead) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true; // finish the wait: the operation may already be in a batch
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return !done;
    }

    synchronized R awaitResult() {
      if (!done) {
        throw new IllegalStateException("operation not finished by its leader");
      }
      if (error != null) {
        throw error;
      }
      return result;
    }
  }
}
