package io.todoplatform.app.embedded;

import io.todoplatform.app.ports.JobScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The jobs port on in-process timers: fires each job once at its due time by calling the target (the
 * same code the {@code POST /job/<name>} route runs). Like the Dapr scheduler, a failed trigger is
 * retried a few times; re-scheduling a name replaces the job.
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
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "embedded-jobs");
    t.setDaemon(true);
    return t;
  });
  private volatile Target target = (name, data) -> { };

  public TimerJobScheduler(Clock clock) {
    this.clock = clock;
  }

  public void setTarget(Target target) {
    this.target = target;
  }

  @Override
  public void schedule(String jobName, Instant dueTime, byte[] data) {
    // Rounded up: a job must never fire before its due time.
    long delay = Math.max(0, (Duration.between(clock.instant(), dueTime).toNanos() + 999_999) / 1_000_000);
    byte[] copy = data.clone();
    long seq = sequence.incrementAndGet();
    Job previous = jobs.put(jobName,
        new Job(seq, timers.schedule(() -> run(jobName, copy, seq, 1), delay, TimeUnit.MILLISECONDS)));
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
    Job job = jobs.remove(jobName);
    if (job != null) {
      job.future().cancel(false);
    }
  }

  @Override
  public boolean exists(String jobName) {
    return jobs.containsKey(jobName);
  }

  @Override
  public void close() {
    timers.shutdownNow();
  }
}
