package io.todoplatform.app.embedded;

import io.todoplatform.app.ports.JobScheduler;
import io.todoplatform.app.ports.JobSchedulingException;
import io.todoplatform.app.support.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The jobs port on in-process timers: fires each job at its due time by calling the target (the same code the
 * {@code POST /job/<name>} route runs). Like the Dapr Scheduler, a failed trigger is retried a few times and
 * re-scheduling a name replaces the job. Delays are kept in milliseconds (nanoseconds overflow past 292 years).
 */
public final class TimerJobScheduler implements JobScheduler, AutoCloseable {
  /** What a job does when it fires. */
  public interface Target {
    void fire(String jobName, byte[] data);
  }

  private static final int MAX_ATTEMPTS = 5;
  private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

  private final Clock clock;
  /** A scheduled job; the sequence number tells a replaced job from its replacement. */
  private record Job(long seq, ScheduledFuture<?> future) {}

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final ScheduledExecutorService timers =
      Executors.newScheduledThreadPool(2, DaemonThreads.named("embedded-jobs"));
  private volatile Target target = (name, data) -> { };
  private volatile boolean available = true;

  public TimerJobScheduler(Clock clock) {
    this.clock = clock;
  }

  public void setTarget(Target target) {
    this.target = target;
  }

  /** Simulates the scheduler being unreachable: scheduling and deleting fail (nothing already scheduled is lost). */
  public void setAvailable(boolean isAvailable) {
    available = isAvailable;
  }

  private void requireAvailable(String jobName) {
    if (!available) {
      throw new JobSchedulingException("embedded scheduler switched off (" + jobName + ")", false, null);
    }
  }

  @Override
  public void schedule(String jobName, Instant dueTime, byte[] data) {
    requireAvailable(jobName);
    // Rounded up: a job must never fire before its due time.
    long delay = Math.max(0, Duration.between(clock.instant(), dueTime).toMillis() + 1);
    byte[] copy = data.clone();
    long seq = sequence.incrementAndGet();
    Job previous = jobs.put(jobName,
        new Job(seq, timers.schedule(() -> run(jobName, copy, seq, 1), delay, TimeUnit.MILLISECONDS)));
    if (previous != null) {
      previous.future().cancel(false);
    }
  }

  @Override
  public void scheduleRecurring(String jobName, Duration every) {
    requireAvailable(jobName);
    long seq = sequence.incrementAndGet();
    long millis = every.toMillis();
    Job previous = jobs.put(jobName, new Job(seq, timers.scheduleWithFixedDelay(() -> {
      try {
        target.fire(jobName, new byte[0]);
      } catch (RuntimeException e) {
        // a recurring job just fires again next time
      }
    }, millis, millis, TimeUnit.MILLISECONDS)));
    if (previous != null) {
      previous.future().cancel(false);
    }
  }

  private void run(String jobName, byte[] data, long seq, int attempt) {
    try {
      target.fire(jobName, data);
      jobs.computeIfPresent(jobName, (name, job) -> job.seq() == seq ? null : job);
    } catch (RuntimeException e) {
      if (attempt < MAX_ATTEMPTS) {
        jobs.computeIfPresent(jobName, (name, job) -> job.seq() != seq ? job : new Job(seq, timers.schedule(
            () -> run(jobName, data, seq, attempt + 1), RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS)));
      } else {
        jobs.computeIfPresent(jobName, (name, job) -> job.seq() == seq ? null : job);
      }
    }
  }

  @Override
  public void delete(String jobName) {
    requireAvailable(jobName);
    Job job = jobs.remove(jobName);
    if (job != null) {
      job.future().cancel(false);
    }
  }

  /** Whether a job of that name is scheduled (tests look; the Dapr port has no such question). */
  public boolean exists(String jobName) {
    return jobs.containsKey(jobName);
  }

  /** Names of the scheduled jobs (tests look). */
  public List<String> names() {
    return List.copyOf(jobs.keySet());
  }

  @Override
  public void close() {
    timers.shutdownNow();
  }
}
