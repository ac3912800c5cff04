package io.todoplatform.app.ports;

import java.time.Instant;

/**
 * Jobs that call the app back (Dapr Jobs API / in-process timers). A job fires at least once, on one replica of
 * the app. Scheduling an existing name replaces it.
 */
public interface JobScheduler {

  /** A one-shot job at {@code dueTime}. */
  void schedule(String jobName, Instant dueTime, byte[] data);

  /** A job that fires every {@code every} (a Dapr schedule such as {@code @every 15s}). */
  void scheduleRecurring(String jobName, java.time.Duration every);

  /** Deleting a job that does not exist is not an error. */
  void delete(String jobName);
}
