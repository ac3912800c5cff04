package io.todoplatform.app.maintenance;

import io.todoplatform.app.events.OutboxRelay;
import io.todoplatform.app.events.RelayRecovery;
import io.todoplatform.app.events.ReplicaRegistry;
import io.todoplatform.app.ports.JobScheduler;
import io.todoplatform.app.reminders.ReminderSweep;
import io.todoplatform.app.support.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background pass, driven by one recurring Dapr job (which fires on one replica of the app-id, not on each)
 * and by the cron binding when the platform has one (which fires on every replica: the sweep's lease makes that
 * harmless). It recovers what dead replicas left undelivered, re-drives this replica's own pending users, and
 * sweeps the due reminders. Its cost follows the pending work: one registry read and the due buckets that passed.
 */
public final class Maintenance implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
  public static final String JOB_NAME = "maintenance";

  private final RelayRecovery recovery;
  private final ReminderSweep sweep;
  private final OutboxRelay relay;
  private final ReplicaRegistry registry;
  private final AtomicBoolean running = new AtomicBoolean();
  private final ScheduledExecutorService retry =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("maintenance-job-registration"));
  private final ExecutorService executor = Executors.newSingleThreadExecutor(DaemonThreads.named("maintenance"));

  public Maintenance(RelayRecovery recovery, ReminderSweep sweep, OutboxRelay relay, ReplicaRegistry registry) {
    this.recovery = recovery;
    this.sweep = sweep;
    this.relay = relay;
    this.registry = registry;
  }

  /** Starts a pass in the background. @return false when one is running already (it covers this request) */
  public boolean requestPass() {
    if (!running.compareAndSet(false, true)) {
      return false;
    }
    try {
      executor.execute(() -> {
        try {
          runPass();
        } finally {
          running.set(false);
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      running.set(false);
      return false;
    }
  }

  /** One pass, on the calling thread; each part fails alone. */
  public void runPass() {
    try {
      recovery.run();
    } catch (RuntimeException e) {
      LOG.warn("Relay recovery failed; next pass retries: {}", e.toString());
    }
    registry.usersWithSlots().forEach(relay::request);
    try {
      sweep.run();
    } catch (RuntimeException e) {
      LOG.warn("Reminder sweep failed; next pass retries: {}", e.toString());
    }
  }

  /**
   * Registers the recurring maintenance job (every replica does; the job is one per app-id, overwritten), retrying
   * in the background until the sidecar takes it: the sidecar may start after the app.
   */
  public void scheduleJob(JobScheduler jobs, Duration every) {
    executor.execute(() -> {
      try {
        jobs.scheduleRecurring(JOB_NAME, every);
        LOG.info("Maintenance job scheduled every {}", every);
      } catch (RuntimeException e) {
        LOG.info("Maintenance job not scheduled yet ({}); retrying", e.getMessage());
        retry.schedule(() -> scheduleJob(jobs, every), 2, TimeUnit.SECONDS);
      }
    });
  }

  @Override
  public void close() {
    retry.shutdownNow();
    executor.shutdownNow();
  }
}
