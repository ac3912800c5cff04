package io.todoplatform.app.events;

import io.todoplatform.app.observability.AppMetrics;
import io.todoplatform.app.ports.DeliveryException;
import io.todoplatform.app.ports.EventPublisher;
import io.todoplatform.app.reminders.ReminderJobSync;
import io.todoplatform.app.support.DaemonThreads;
import io.todoplatform.app.userdata.DeadLetter;
import io.todoplatform.app.userdata.DeliveryLeases;
import io.todoplatform.app.userdata.OutboxRecord;
import io.todoplatform.app.userdata.UserHead;
import io.todoplatform.app.userdata.UserOutbox;
import io.todoplatform.app.userdata.UserWriteQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers users' outboxes: publishes their events and carries out their reminder commands, in commit order per
 * user (Kafka key = user id), then records them delivered. Only the replica holding a user's delivery lease
 * delivers (another replica that commits for the user leaves it to the holder, or takes over when the holder is
 * dead), so two replicas never race on one user. Delivery is at least once - a crash between publishing and
 * recording re-publishes the same event (same id) - never lost, never phantom. A poison entry is dead-lettered
 * (kept with a TTL, counted, logged once) and the user's later entries go on; an outage only delays.
 *
 * <p>What it holds in memory is bounded: the entries commits hand over are kept (to deliver them without reading
 * them back) only up to {@code heldBytesLimit} across all users, and not at all for a user whose delivery is
 * failing; past that the relay reads them from the store when it gets to them. So a backlog under sustained
 * overload or an outage costs store reads, not heap.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

  private enum Outcome { DONE, MORE, RETRY }

  /**
   * One user's delivery state in this process; gone once the user has nothing pending here. {@code deliveredUpTo}
   * is the last entry published (acknowledged lazily), {@code knownNext} the outbox's end as the last commit
   * reported it, {@code handedOver} the entries commits handed over (delivered without reading them back).
   */
  private static final class UserState {
    boolean queued;
    boolean running;
    boolean again;
    /** Dropped from the map: whoever still holds it takes the user's new state instead. */
    boolean forgotten;
    int failures;
    long deliveredUpTo = -1;
    long knownNext = -1;
    final java.util.NavigableMap<Long, OutboxRecord> handedOver = new java.util.TreeMap<>();
    /** When this state began: what was pending before any hand-over (recovery, a retry) waits since then. */
    final long createdAtMillis;
    /** First entry of each hand-over -> when it came (it dates the entries after it); pruned as they go out. */
    final java.util.TreeMap<Long, Long> arrivals = new java.util.TreeMap<>();

    UserState(long createdAtMillis) {
      this.createdAtMillis = createdAtMillis;
    }

    /** Since when the oldest entry this relay has not delivered yet is waiting; empty when nothing is pending. */
    java.util.OptionalLong waitingSince() {
      boolean caughtUp = knownNext >= 0 && deliveredUpTo + 1 >= knownNext;
      boolean nothingKnown = knownNext < 0 && !queued && !running && failures == 0;
      if (caughtUp || nothingKnown) {
        return java.util.OptionalLong.empty();
      }
      Map.Entry<Long, Long> oldest = arrivals.floorEntry(deliveredUpTo + 1);
      return java.util.OptionalLong.of(oldest == null ? createdAtMillis : oldest.getValue());
    }
  }

  private final UserOutbox outbox;
  private final UserWriteQueue writes;
  private final DeliveryLeases leases;
  private final EventPublisher publisher;
  private final CloudEventFactory events;
  private final ReminderJobSync jobSync;
  private final AppMetrics metrics;
  private final Clock clock;
  private final Duration maxBackoff;
  private final PoisonPolicy poison;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("outbox-retry"));
  private final Map<String, UserState> users = new ConcurrentHashMap<>();
  private final long heldBytesLimit;
  /** Estimated bytes of the handed-over entries all users' states hold (each changes its share under its lock). */
  private final AtomicLong heldBytes = new AtomicLong();

  public OutboxRelay(UserOutbox outbox, UserWriteQueue writes, DeliveryLeases leases, EventPublisher publisher,
      CloudEventFactory events, ReminderJobSync jobSync, AppMetrics metrics, Clock clock, int threads,
      Duration maxBackoff, long heldBytesLimit) {
    this.outbox = outbox;
    this.writes = writes;
    this.leases = leases;
    this.publisher = publisher;
    this.events = events;
    this.jobSync = jobSync;
    this.metrics = metrics;
    this.clock = clock;
    this.maxBackoff = maxBackoff;
    this.heldBytesLimit = heldBytesLimit;
    this.poison = new PoisonPolicy(clock);
    this.workers = Executors.newFixedThreadPool(threads, DaemonThreads.named("outbox-relay"));
    writes.onAcknowledged(this::acknowledged);
    metrics.usersPendingDelivery(users::size);
    metrics.outboxOldestPending(this::oldestPendingSeconds);
    metrics.outboxHeldBytes(heldBytes::get);
    metrics.relayCountersAtZero(
        java.util.Arrays.stream(EventType.values()).map(EventType::ceType).toList(),
        java.util.Arrays.stream(PoisonPolicy.Kind.values())
            .map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).toList());
  }

  /**
   * A commit of this replica left it holding the user's lease: deliver its entries (handed over, not read back).
   * Entries before them that this process has not delivered yet are read from the store.
   */
  public void handOver(String userId, long outboxFirst, long outboxNext, List<OutboxRecord> committed) {
    while (!handOver(liveState(userId), outboxFirst, outboxNext, committed)) {
      // forgotten between the lookup and the lock: hand over to the user's new state
    }
    request(userId);
  }

  private boolean handOver(UserState state, long outboxFirst, long outboxNext, List<OutboxRecord> committed) {
    synchronized (state) {
      if (state.forgotten) {
        return false;
      }
      if (state.deliveredUpTo < 0) {
        state.deliveredUpTo = outboxFirst - 1;
      }
      state.knownNext = Math.max(state.knownNext, outboxNext);
      committed.stream().filter(r -> r.n() > state.deliveredUpTo).findFirst()
          .ifPresent(first -> state.arrivals.putIfAbsent(first.n(), clock.millis()));
      if (state.failures > 0) {
        return true; // its delivery is failing: the retry reads the entries back, the heap does not keep them
      }
      for (OutboxRecord record : committed) {
        if (record.n() > state.deliveredUpTo && !state.handedOver.containsKey(record.n()) && hold(record)) {
          state.handedOver.put(record.n(), record);
        }
      }
      return true;
    }
  }

  /** Reserves room for a handed-over entry within the limit; false when it would not fit (it is read back later). */
  private boolean hold(OutboxRecord record) {
    long bytes = record.estimatedBytes();
    long before = heldBytes.getAndUpdate(held -> held + bytes <= heldBytesLimit ? held + bytes : held);
    return before + bytes <= heldBytesLimit;
  }

  /** Drops the handed-over entries up to {@code upTo} (all for {@link Long#MAX_VALUE}); the caller holds the lock. */
  private void release(UserState state, long upTo) {
    var delivered = state.handedOver.headMap(upTo, true);
    delivered.values().forEach(record -> heldBytes.addAndGet(-record.estimatedBytes()));
    delivered.clear();
  }

  /** Estimated bytes of the handed-over entries held in memory (at most the limit given). */
  public long heldBytes() {
    return heldBytes.get();
  }

  private UserState liveState(String userId) {
    return users.computeIfAbsent(userId, k -> new UserState(clock.millis()));
  }

  /** Asks for delivery of a user's outbox soon; requests for a user already queued or running are merged. */
  public void request(String userId) {
    UserState state;
    do {
      state = liveState(userId);
    } while (!queue(userId, state));
  }

  /** @return false when the state was forgotten meanwhile (the caller takes the user's new one) */
  private boolean queue(String userId, UserState state) {
    synchronized (state) {
      if (state.forgotten) {
        return false;
      }
      if (state.running) {
        state.again = true;
        return true;
      }
      if (state.queued) {
        return true;
      }
      state.queued = true;
    }
    try {
      workers.execute(() -> run(userId, state));
    } catch (RejectedExecutionException e) {
      synchronized (state) {
        state.queued = false; // shutting down: the next start (or another replica) delivers
      }
    }
    return true;
  }

  /** Seconds the oldest entry this replica has not delivered yet has waited (0 when nothing waits). */
  public double oldestPendingSeconds() {
    long now = clock.millis();
    long oldest = now;
    for (UserState state : users.values()) {
      synchronized (state) {
        java.util.OptionalLong since = state.waitingSince();
        if (since.isPresent()) {
          oldest = Math.min(oldest, since.getAsLong());
        }
      }
    }
    return (now - oldest) / 1000.0;
  }

  /** Users known to be pending here (for the metric and the graceful shutdown). */
  public int usersPending() {
    return users.size();
  }

  private void run(String userId, UserState state) {
    synchronized (state) {
      state.queued = false;
      state.running = true;
      state.again = false;
    }
    Outcome outcome;
    int failuresSoFar;
    synchronized (state) {
      failuresSoFar = state.failures;
    }
    try {
      outcome = deliverOnce(userId, state, failuresSoFar == 0);
    } catch (RuntimeException e) {
      LOG.warn("Outbox delivery of a user failed; will retry: {}", e.toString());
      outcome = Outcome.RETRY;
    }
    boolean requeue;
    long delay = 0;
    synchronized (state) {
      state.running = false;
      if (outcome == Outcome.RETRY) {
        state.failures++;
        delay = backoff(state.failures);
        requeue = false;
        release(state, Long.MAX_VALUE); // the retry reads them back: a long outage must not pile them up here
      } else {
        state.failures = 0;
        requeue = outcome == Outcome.MORE || state.again;
      }
    }
    if (outcome != Outcome.RETRY && !requeue) {
      forgetWhenIdle(userId, state);
    }
    if (outcome == Outcome.RETRY) {
      try {
        timer.schedule(() -> request(userId), delay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // shutting down
      }
    } else if (requeue) {
      request(userId);
    }
  }

  /**
   * Drops a user's state once nothing is left to do here. While this replica's acknowledgement is still pending the
   * state stays: it knows what was published already, which a commit made before the acknowledgement does not. The
   * acknowledgement's commit then calls {@link #acknowledged} (no polling: with many users waiting for theirs, a
   * timer per user was a hot loop).
   */
  private void forgetWhenIdle(String userId, UserState state) {
    boolean idle;
    synchronized (state) {
      idle = !state.running && !state.queued && state.failures == 0;
      if (idle && state.handedOver.isEmpty() && !writes.hasPendingAck(userId)) {
        state.forgotten = true;
        users.remove(userId, state);
        return;
      }
    }
    if (idle && !state.handedOver.isEmpty()) {
      request(userId); // entries handed over while it finished: deliver them
    }
  }

  /** A commit recorded the user's acknowledgement: its state can go if nothing else is left to do here. */
  private void acknowledged(String userId) {
    UserState state = users.get(userId);
    if (state != null) {
      forgetWhenIdle(userId, state);
    }
  }

  private long backoff(int failures) {
    long millis = FIRST_BACKOFF.toMillis() << Math.min(failures - 1, 10);
    millis = Math.min(millis, maxBackoff.toMillis());
    return millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
  }

  /** @param firstTry false while the user's delivery keeps failing: the log says it once, not every retry */
  private Outcome deliverOnce(String userId, UserState state, boolean firstTry) {
    long start;
    long end;
    synchronized (state) {
      start = state.deliveredUpTo + 1;
      end = state.knownNext;
    }
    if (start <= 0 || end < 0 || !coveredByHandOver(state, start, end)) {
      // No commit of ours told us the window (recovery, retry, re-drive), or entries are missing: read the head.
      Optional<UserHead> found = outbox.head(userId);
      if (found.isEmpty() || found.get().lease() == null || !leases.self().equals(found.get().lease().owner())) {
        poison.forget(userId); // another replica delivers (or nothing is pending)
        metrics.pendingOutbox(userId, 0);
        synchronized (state) {
          release(state, Long.MAX_VALUE);
          state.arrivals.clear();
          state.deliveredUpTo = -1;
          state.knownNext = -1;
        }
        return Outcome.DONE;
      }
      UserHead head = found.get();
      start = Math.max(start, head.outboxFirst());
      end = Math.max(end, head.outboxNext());
      synchronized (state) {
        state.knownNext = end;
      }
      if (start >= end) {
        // Everything is delivered: recording it gives the lease back.
        writes.acknowledgeLater(userId, start - 1, List.of());
        metrics.pendingOutbox(userId, 0);
        return Outcome.DONE;
      }
    }
    if (start >= end) {
      return Outcome.DONE;
    }
    long stop = Math.min(end, start + UserOutbox.CHUNK);
    Map<Long, OutboxRecord> byNumber = new HashMap<>();
    synchronized (state) {
      for (long n = start; n < stop; n++) {
        OutboxRecord record = state.handedOver.get(n);
        if (record != null) {
          byNumber.put(n, record);
        }
      }
    }
    if (byNumber.size() < stop - start) {
      outbox.entries(userId, start, stop).forEach(r -> byNumber.putIfAbsent(r.n(), r));
    }
    ReminderJobSync.Prepared prepared = jobSync.prepare(userId, byNumber.values().stream()
        .filter(r -> r.reminder() != null).map(OutboxRecord::reminder).toList());

    long deliveredUpTo = start - 1;
    List<DeadLetter> deadLetters = new ArrayList<>();
    boolean failed = false;
    for (long n = start; n < stop; n++) {
      OutboxRecord record = byNumber.get(n);
      if (record == null) {
        deliveredUpTo = n; // already recorded delivered (by an earlier attempt, or another replica)
        continue;
      }
      try {
        deliver(userId, record, prepared);
        poison.delivered(userId, record);
        deliveredUpTo = n;
      } catch (RuntimeException e) {
        if (poison.failed(userId, record, e) == PoisonPolicy.Verdict.POISON) {
          deadLetters.add(new DeadLetter(record, describe(e), clock.instant()));
          metrics.deadLettered(PoisonPolicy.kindOf(record).name().toLowerCase(java.util.Locale.ROOT));
          LOG.warn("Outbox entry {} of a user could never be delivered; dead-lettered and skipped: {}", n,
              describe(e));
          deliveredUpTo = n;
        } else {
          if (firstTry) {
            LOG.warn("Outbox delivery of entry {} failed; will retry until it goes through: {}", n, describe(e));
          } else {
            LOG.debug("Outbox delivery of entry {} failed again: {}", n, describe(e));
          }
          failed = true;
          break;
        }
      }
    }
    if (deliveredUpTo >= start) {
      synchronized (state) {
        state.deliveredUpTo = Math.max(state.deliveredUpTo, deliveredUpTo);
        release(state, state.deliveredUpTo);
        Long oldestPending = state.arrivals.floorKey(state.deliveredUpTo + 1);
        if (oldestPending != null) {
          state.arrivals.headMap(oldestPending).clear();
        }
      }
      writes.acknowledgeLater(userId, deliveredUpTo, deadLetters);
    }
    metrics.pendingOutbox(userId, (int) Math.max(0, end - deliveredUpTo - 1));
    if (failed) {
      return Outcome.RETRY;
    }
    return stop < end ? Outcome.MORE : Outcome.DONE;
  }

  /** Whether every entry in {@code [start, end)} was handed over by a commit. */
  private static boolean coveredByHandOver(UserState state, long start, long end) {
    synchronized (state) {
      for (long n = start; n < Math.min(end, start + UserOutbox.CHUNK); n++) {
        if (!state.handedOver.containsKey(n)) {
          return false;
        }
      }
      return true;
    }
  }

  private void deliver(String userId, OutboxRecord record, ReminderJobSync.Prepared prepared) {
    if (record.event() != null) {
      String type = EventType.of(record.event().type()).ceType();
      try {
        publisher.publish(events.topicOf(record.event()), userId, events.envelope(record.event(), userId));
      } catch (DeliveryException e) {
        metrics.eventPublishFailed(type);
        throw e;
      }
      metrics.eventPublished(type);
    } else if (record.reminder() != null) {
      jobSync.apply(userId, record.reminder(), prepared);
    } else {
      throw new IllegalStateException("outbox entry " + record.n() + " is unreadable");
    }
  }

  private static String describe(RuntimeException e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /**
   * Graceful shutdown: finish the deliveries under way and queued, within the time given. What is left is
   * delivered by another replica once this one's heartbeat stops (or after the next start).
   */
  public void drain(Duration timeout) {
    timer.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Outbox relay did not finish within {}", timeout);
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Users waiting for a retry get one last attempt now (the broker may be back).
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Map.Entry<String, UserState> user : List.copyOf(users.entrySet())) {
      if (System.nanoTime() > deadline) {
        break;
      }
      try {
        while (deliverOnce(user.getKey(), user.getValue(), true) == Outcome.MORE && System.nanoTime() < deadline) {
          // keep going while entries get through
        }
      } catch (RuntimeException e) {
        LOG.debug("Last delivery attempt failed: {}", e.toString());
      }
    }
    writes.flushAcks();
    if (metrics.pendingOutboxTotal() > 0) {
      LOG.warn("{} outbox entries stay pending; another replica or the next start delivers them",
          metrics.pendingOutboxTotal());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdownNow();
  }
}
