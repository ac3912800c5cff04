package io.todoplatform.app.dapr;

import io.dapr.client.DaprClient;
import io.dapr.client.domain.DeleteJobRequest;
import io.dapr.client.domain.GetJobRequest;
import io.dapr.client.domain.ScheduleJobRequest;
import io.todoplatform.app.ports.JobScheduler;
import io.todoplatform.app.ports.JobSchedulingException;
import java.time.Duration;
import java.time.Instant;

/**
 * Reminder jobs on the Dapr Jobs API (Scheduler service; no Component involved). One-shot jobs carry
 * their time in {@code dueTime}; {@code overwrite} lets a moved reminder replace its job (without it Dapr
 * 1.16+ answers 409). The trigger comes back as {@code POST /job/<name>}.
 */
public final class DaprJobScheduler implements JobScheduler {
  private final DaprClient client;
  private final Duration timeout;

  public DaprJobScheduler(DaprClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  @Override
  public void schedule(String jobName, Instant dueTime, byte[] data) {
    try {
      client.scheduleJob(new ScheduleJobRequest(jobName, dueTime).setData(data).setOverwrite(true)).block(timeout);
    } catch (RuntimeException e) {
      throw new JobSchedulingException("scheduling job " + jobName + " failed", e);
    }
  }

  @Override
  public void delete(String jobName) {
    try {
      client.deleteJob(new DeleteJobRequest(jobName)).block(timeout);
    } catch (RuntimeException e) {
      if (!DaprFailures.isNotFound(e)) {
        throw new JobSchedulingException("deleting job " + jobName + " failed", e);
      }
    }
  }

  @Override
  public boolean exists(String jobName) {
    try {
      return client.getJob(new GetJobRequest(jobName)).block(timeout) != null;
    } catch (RuntimeException e) {
      if (DaprFailures.isNotFound(e)) {
        return false;
      }
      throw new JobSchedulingException("looking up job " + jobName + " failed", e);
    }
  }
}
