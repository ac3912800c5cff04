package io.todoplatform.app.reminders;

import io.todoplatform.app.domain.ReminderChange;
import io.todoplatform.app.domain.TaskReads;
import io.todoplatform.app.observability.AppMetrics;
import io.todoplatform.app.ports.JobScheduler;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out reminder commands from the outbox, from the task's state when they run: the job of the task's
 * pending reminder is (re)scheduled and listed in the due index, the job of the instant the command names as
 * previous is deleted unless it is still the pending one. Order-insensitive and repeatable: whichever replica
 * runs whichever command last, the job of the task's latest reminder exists; a stale job that slips through
 * (created just before a later delete) fires as a stale trigger and does nothing.
 */
public final class ReminderJobSync {
  private final TaskReads reads;
  private final JobScheduler jobs;
  private final DueIndex dueIndex;
  private final AppMetrics metrics;

  public ReminderJobSync(TaskReads reads, JobScheduler jobs, DueIndex dueIndex, AppMetrics metrics) {
    this.reads = reads;
    this.jobs = jobs;
    this.dueIndex = dueIndex;
    this.metrics = metrics;
  }

  /** The current pending reminder of each task the commands name (absent: none). */
  public record Prepared(Map<String, Instant> pending) {}

  /** Reads the tasks of a chunk of commands at once and lists their pending reminders in the due index. */
  public Prepared prepare(String userId, List<ReminderChange> changes) {
    if (changes.isEmpty()) {
      return new Prepared(Map.of());
    }
    Map<String, Instant> pending = new HashMap<>();
    reads.tasks(changes.stream().map(ReminderChange::taskId).distinct().toList()).values().stream()
        .filter(t -> userId.equals(t.userId()) && t.hasPendingReminder())
        .forEach(t -> pending.put(t.id(), t.remindAt()));
    dueIndex.add(pending.entrySet().stream()
        .map(e -> new DueIndex.DueEntry(userId, e.getKey(), e.getValue())).toList());
    return new Prepared(pending);
  }

  public void apply(String userId, ReminderChange change, Prepared prepared) {
    Instant current = prepared.pending().get(change.taskId());
    if (change.previous() != null && !change.previous().equals(current)) {
      jobs.delete(ReminderJobs.jobName(change.taskId(), change.previous()));
    }
    if (current != null) {
      jobs.schedule(ReminderJobs.jobName(change.taskId(), current), current,
          ReminderJobs.jobData(userId, change.taskId(), current));
      metrics.reminderScheduled();
    }
  }
}
