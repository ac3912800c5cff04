package io.todoplatform.app.dapr;

import io.dapr.client.DaprClient;
import io.dapr.client.domain.ConstantFailurePolicy;
import io.dapr.client.domain.DeleteJobRequest;
import io.dapr.client.domain.JobSchedule;
import io.dapr.client.domain.ScheduleJobRequest;
import io.grpc.Status;
import io.todoplatform.app.ports.JobScheduler;
import io.todoplatform.app.ports.JobSchedulingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Jobs on the Dapr Jobs API (Scheduler service; no Component involved). One-shot jobs carry their time in
 * {@code dueTime}; {@code overwrite} lets a job be scheduled again (without it Dapr 1.16+ answers 409). The
 * trigger comes back as {@code POST /job/<name>} on one replica.
 *
 * <p>Reminder jobs get a failure policy of {@value #TRIGGER_RETRIES} retries about a second apart (instead of
 * Dapr's default 3), so a trigger answered 503 while the state store is down fires once the store is back; the
 * sweep covers longer outages. Java SDK 1.17.1 sends only the nanoseconds of a policy's interval (its seconds are
 * dropped), so the interval is 999 ms, which survives that.
 */
public final class DaprJobScheduler implements JobScheduler {
  static final int TRIGGER_RETRIES = 120;
  private static final Duration RETRY_INTERVAL = Duration.ofMillis(999);
  /** The Scheduler relays its own errors (a job it refuses) as INTERNAL; unreachable is UNAVAILABLE/DEADLINE. */
  private static final Set<Status.Code> REFUSALS = Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.FAILED_PRECONDITION,
      Status.Code.ALREADY_EXISTS, Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.OUT_OF_RANGE);

  private final DaprClient client;
  private final Duration timeout;

  public DaprJobScheduler(DaprClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  @Override
  public void schedule(String jobName, Instant dueTime, byte[] data) {
    ScheduleJobRequest request = new ScheduleJobRequest(jobName, dueTime).setData(data).setOverwrite(true)
        .setFailurePolicy(new ConstantFailurePolicy(RETRY_INTERVAL).setMaxRetries(TRIGGER_RETRIES));
    call("scheduling job " + jobName, () -> client.scheduleJob(request).block(timeout));
  }

  @Override
  public void scheduleRecurring(String jobName, Duration every) {
    // JobSchedule.fromPeriod loses days (SDK bug): the schedule is written as Dapr's "@every" string.
    ScheduleJobRequest request = new ScheduleJobRequest(jobName, JobSchedule.fromString("@every " + every.toSeconds()
        + "s")).setData("{}".getBytes(StandardCharsets.UTF_8)).setOverwrite(true);
    call("scheduling job " + jobName, () -> client.scheduleJob(request).block(timeout));
  }

  @Override
  public void delete(String jobName) {
    try {
      client.deleteJob(new DeleteJobRequest(jobName)).block(timeout);
    } catch (RuntimeException e) {
      if (!DaprFailures.isNotFound(e)) {
        if (!DaprFailures.involvesSidecar(e)) {
          throw e;
        }
        throw new JobSchedulingException("deleting job " + jobName + " failed (" + DaprFailures.describe(e) + ")",
            DaprFailures.isRejection(e, REFUSALS), e);
      }
    }
  }

  private static void call(String what, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      if (!DaprFailures.involvesSidecar(e)) {
        throw e; // the request could not even be built: certain to fail again
      }
      throw new JobSchedulingException(what + " failed (" + DaprFailures.describe(e) + ")",
          DaprFailures.isRejection(e, REFUSALS), e);
    }
  }
}
