package io.todoplatform.app.ports;

import java.time.Instant;

/**
 * One-shot jobs that call the app back at a given time (Dapr Jobs API / in-process timers). Scheduling an
 * existing name replaces it.
 */
public interface JobScheduler {

  void schedule(String jobName, Instant dueTime, byte[] data);

  /** Deleting a job that does not exist is not an error. */
  void delete(String jobName);

  /** Whether the scheduler currently holds a job of that name; {@code false} when it cannot tell. */
  boolean exists(String jobName);
}
