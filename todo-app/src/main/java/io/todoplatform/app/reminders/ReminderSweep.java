package io.todoplatform.app.reminders;

import io.todoplatform.app.domain.ReminderService;
import io.todoplatform.app.domain.TaskReads;
import io.todoplatform.app.domain.TaskRecord;
import io.todoplatform.app.observability.AppMetrics;
import io.todoplatform.app.ports.ConcurrencyConflictException;
import io.todoplatform.app.ports.StateStore;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.VersionedDocument;
import io.todoplatform.app.support.Traceparent;
import io.todoplatform.app.userdata.DeliveryLeases;
import io.todoplatform.app.userdata.Documents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net behind reminder jobs (a Scheduler that lost a job, a trigger whose retries all failed while the
 * store was down): reads the due index's buckets from its checkpoint up to {@code grace} ago - O(reminders due),
 * whatever the number of users - and reports each reminder still pending at that instant to
 * {@link ReminderService}, which fires it once or marks it missed when it is older than the missed window. The
 * checkpoint document carries a lease, so when every replica is asked at once (the cron binding fires on each)
 * one of them sweeps and the others return.
 */
public final class ReminderSweep {
  private static final Logger LOG = LoggerFactory.getLogger(ReminderSweep.class);
  static final String STATE_KEY = "sweep:state";
  private static final Duration LEASE = Duration.ofMinutes(2);
  /** One pass stops after this long (well within its lease); the next pass goes on from its checkpoint. */
  private static final Duration PASS_BUDGET = Duration.ofSeconds(30);

  /** Where the sweep is ({@code checkpoint}: the next bucket to handle) and who is sweeping until when. */
  public record SweepState(long checkpoint, String owner, long leaseUntil) {}

  private final StateStore store;
  private final DueIndex index;
  private final TaskReads reads;
  private final ReminderService reminders;
  private final DeliveryLeases replicas;
  private final AppMetrics metrics;
  private final Clock clock;
  private final Duration grace;
  private final Instant startedAt;

  /** @param grace how long after a bucket ends before it is swept (the Scheduler's own retries go first) */
  public ReminderSweep(StateStore store, DueIndex index, TaskReads reads, ReminderService reminders,
      DeliveryLeases replicas, AppMetrics metrics, Clock clock, Duration grace) {
    this.store = store;
    this.index = index;
    this.reads = reads;
    this.reminders = reminders;
    this.replicas = replicas;
    this.metrics = metrics;
    this.clock = clock;
    this.grace = grace;
    this.startedAt = clock.instant();
  }

  /** One pass. @return the reminders it fired or marked missed */
  public int run() {
    Instant now = clock.instant();
    Optional<VersionedDocument<SweepState>> doc = store.read(STATE_KEY, SweepState.class);
    if (doc.isPresent() && doc.get().value().owner() != null && !replicas.self().equals(doc.get().value().owner())
        && doc.get().value().leaseUntil() > now.toEpochMilli()) {
      return 0; // another replica is sweeping
    }
    // The first pass ever: every reminder in the index was created after this layout's first process started, and
    // one older than the missed window needs marking, not firing: start at the earlier of the two.
    long checkpoint = doc.map(d -> d.value().checkpoint()).orElseGet(() -> index.bucketOf(
        Collections.min(List.of(startedAt, now.minus(reminders.missedAfter()).minus(grace)))));
    String etag = save(new SweepState(checkpoint, replicas.self(), now.plus(LEASE).toEpochMilli()),
        doc.map(VersionedDocument::etag).orElse(null));
    if (etag == null) {
      return 0; // another replica took the lease first
    }
    long width = index.width().toSeconds();
    long until = now.minus(grace).getEpochSecond();
    long deadline = System.nanoTime() + PASS_BUDGET.toNanos();
    int handled = 0;
    long bucket = checkpoint;
    try {
      while (bucket + width <= until && System.nanoTime() < deadline) {
        DueIndex.Bucket due = index.read(bucket);
        long next = bucket + width;
        if (!due.keys().isEmpty()) {
          handled += handle(due.entries());
          // The bucket's documents go with the checkpoint move: a crash in between re-reads the bucket (fine).
          List<StateWrite> writes = new ArrayList<>();
          due.keys().forEach(k -> writes.add(StateWrite.delete(k, null)));
          writes.add(StateWrite.put(STATE_KEY, Documents.encode(new SweepState(next, replicas.self(),
              clock.instant().plus(LEASE).toEpochMilli())), etag));
          store.commit(writes);
          etag = store.read(STATE_KEY, SweepState.class).map(VersionedDocument::etag).orElse(null);
        }
        bucket = next;
      }
      save(new SweepState(bucket, null, 0), etag);
    } catch (ConcurrencyConflictException e) {
      LOG.info("Sweep lease taken over by another replica at bucket {}", bucket);
    }
    return handled;
  }

  private int handle(List<DueIndex.DueEntry> entries) {
    if (entries.isEmpty()) {
      return 0;
    }
    Map<String, TaskRecord> tasks = reads.tasks(entries.stream().map(DueIndex.DueEntry::taskId).distinct()
        .collect(Collectors.toList()));
    int handled = 0;
    for (DueIndex.DueEntry entry : entries) {
      TaskRecord task = tasks.get(entry.taskId());
      if (task == null || !entry.userId().equals(task.userId()) || !entry.remindAt().equals(task.pendingReminder())) {
        continue; // deleted, moved, fired or completed since: nothing to do
      }
      ReminderService.Outcome outcome = reminders.fire(entry.userId(), entry.taskId(), entry.remindAt(),
          Traceparent.generate());
      if (outcome == ReminderService.Outcome.FIRED) {
        metrics.reminderFired();
        handled++;
        LOG.info("Sweep fired a reminder whose job did not (task {}, due {})", entry.taskId(), entry.remindAt());
      } else if (outcome == ReminderService.Outcome.MISSED) {
        metrics.reminderMissed();
        handled++;
      }
    }
    return handled;
  }

  /** Writes the state guarded by its etag; null when another replica wrote first. */
  private String save(SweepState state, String etag) {
    try {
      store.commit(List.of(StateWrite.put(STATE_KEY, Documents.encode(state), etag)));
      return store.read(STATE_KEY, SweepState.class).map(VersionedDocument::etag).orElse(null);
    } catch (ConcurrencyConflictException e) {
      return null;
    }
  }
}
