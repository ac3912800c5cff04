package io.todoplatform.app.reminders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.app.domain.TaskRecord;
import io.todoplatform.app.events.OutboxEntry;
import io.todoplatform.app.support.Json;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Names and payloads of reminder jobs ({@code reminder-<taskId>}, one per task). */
public final class ReminderJobs {
  public static final String PREFIX = "reminder-";

  private ReminderJobs() {}

  public static String jobName(String taskId) {
    return PREFIX + taskId;
  }

  public static Optional<String> taskIdOf(String jobName) {
    if (jobName == null || !jobName.startsWith(PREFIX) || jobName.length() == PREFIX.length()) {
      return Optional.empty();
    }
    return Optional.of(jobName.substring(PREFIX.length()));
  }

  /** The job's data: enough to recognise a stale trigger (the reminder time it was scheduled for). */
  public static String jobData(String userId, String taskId, Instant remindAt) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("userId", userId);
    data.put("taskId", taskId);
    data.put("remindAt", remindAt.toString());
    return data.toString();
  }

  public static OutboxEntry scheduleFor(TaskRecord task) {
    return OutboxEntry.scheduleJob(UUID.randomUUID().toString(), jobName(task.id()), task.remindAt(),
        jobData(task.userId(), task.id(), task.remindAt()));
  }

  public static OutboxEntry cancelFor(String taskId) {
    return OutboxEntry.deleteJob(UUID.randomUUID().toString(), jobName(taskId));
  }
}
