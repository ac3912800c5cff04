package io.todoplatform.app.reminders;

import io.todoplatform.app.domain.ReminderService;
import io.todoplatform.app.domain.TaskReads;
import io.todoplatform.app.domain.TaskRecord;
import io.todoplatform.app.observability.AppMetrics;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Entry point for a fired reminder job, whoever fired it (the Dapr Scheduler via {@code POST /job/<name>}, on any
 * replica, at least once; or the embedded timers). The job's name says which task and which instant; the job's
 * data says whose task it is (else the task is read to find out).
 */
public final class ReminderTrigger {
  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

  private final ReminderService reminders;
  private final TaskReads reads;
  private final AppMetrics metrics;

  public ReminderTrigger(ReminderService reminders, TaskReads reads, AppMetrics metrics) {
    this.reminders = reminders;
    this.reads = reads;
    this.metrics = metrics;
  }

  /** @return the outcome, or empty when the job is not a reminder job of this app */
  public Optional<ReminderService.Outcome> onJob(String jobName, byte[] data, String traceparent) {
    Optional<ReminderJobs.Reminder> reminder = ReminderJobs.parse(jobName);
    if (reminder.isEmpty()) {
      return Optional.empty();
    }
    String taskId = reminder.get().taskId();
    metrics.reminderTriggerLateness(java.time.Duration.between(reminder.get().remindAt(), java.time.Instant.now()));
    Optional<String> owner = ReminderJobs.userIdOf(data).filter(u -> USER_ID.matcher(u).matches())
        .or(() -> reads.task(taskId).map(TaskRecord::userId));
    if (owner.isEmpty()) {
      return Optional.of(ReminderService.Outcome.UNKNOWN_TASK);
    }
    ReminderService.Outcome outcome = reminders.fire(owner.get(), taskId, reminder.get().remindAt(), traceparent);
    if (outcome == ReminderService.Outcome.FIRED) {
      metrics.reminderFired();
    } else if (outcome == ReminderService.Outcome.MISSED) {
      metrics.reminderMissed();
    }
    return Optional.of(outcome);
  }
}
