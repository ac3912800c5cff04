package io.todoplatform.app.reminders;

import io.todoplatform.app.domain.StateKeys;
import io.todoplatform.app.domain.UserLedger;
import io.todoplatform.app.events.OutboxEntry;
import io.todoplatform.app.events.OutboxRelay;
import io.todoplatform.app.events.Traceparent;
import io.todoplatform.app.observability.AppMetrics;
import io.todoplatform.app.ports.JobScheduler;
import io.todoplatform.app.ports.TaskStore;
import io.todoplatform.app.ports.VersionedDocument;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic safety net behind reminders and the outbox (the cron binding calls it every minute on
 * every replica, so it must be idempotent): fires due reminders that never fired, re-schedules jobs that
 * the scheduler lacks, and hands users with undelivered outbox entries to the relay. It answers at once
 * and runs in the background; a pass already running absorbs further calls.
 */
public final class ReminderSweep implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReminderSweep.class);

  private final TaskStore store;
  private final OutboxRelay relay;
  private final ReminderService reminders;
  private final JobScheduler jobs;
  private final AppMetrics metrics;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "reminder-sweep");
    t.setDaemon(true);
    return t;
  });

  public ReminderSweep(TaskStore store, OutboxRelay relay, ReminderService reminders, JobScheduler jobs,
      AppMetrics metrics, Clock clock) {
    this.store = store;
    this.relay = relay;
    this.reminders = reminders;
    this.jobs = jobs;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** @return false when a pass was already running (this request is covered by it) */
  public boolean requestPass() {
    if (!running.compareAndSet(false, true)) {
      return false;
    }
    try {
      executor.submit(() -> {
        try {
          runPass();
        } catch (RuntimeException e) {
          LOG.warn("Reminder sweep failed: {}", e.toString());
        } finally {
          running.set(false);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      running.set(false);
      return false;
    }
    return true;
  }

  /** One pass, on the calling thread. */
  public void runPass() {
    for (String userId : relay.registeredUsers()) {
      Optional<VersionedDocument<UserLedger>> doc = store.read(StateKeys.ledger(userId), UserLedger.class);
      if (doc.isEmpty()) {
        continue;
      }
      UserLedger ledger = doc.get().value();
      if (!ledger.outbox().isEmpty()) {
        relay.requestFlush(userId);
      }
      Set<String> jobsAwaitingRelay = ledger.outbox().stream()
          .filter(e -> e.kind() != OutboxEntry.Kind.PUBLISH_EVENT)
          .map(OutboxEntry::jobName)
          .collect(Collectors.toSet());
      for (Map.Entry<String, Instant> reminder : ledger.pendingReminders().entrySet()) {
        sweepReminder(userId, reminder.getKey(), reminder.getValue(), jobsAwaitingRelay);
      }
    }
  }

  private void sweepReminder(String userId, String taskId, Instant remindAt, Set<String> jobsAwaitingRelay) {
    String jobName = ReminderJobs.jobName(taskId);
    try {
      if (!remindAt.isAfter(clock.instant())) {
        reminders.fire(taskId, remindAt, Traceparent.generate());
      } else if (!jobsAwaitingRelay.contains(jobName) && !jobs.exists(jobName)) {
        jobs.schedule(jobName, remindAt,
            ReminderJobs.jobData(userId, taskId, remindAt).getBytes(StandardCharsets.UTF_8));
        metrics.reminderScheduled();
      }
    } catch (RuntimeException e) {
      LOG.warn("Sweep could not handle reminder {}: {}", jobName, e.toString());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
