package io.todoplatform.app.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The app's Prometheus metrics, named once here so dashboards and alerts have one place to look. */
public final class AppMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Undelivered outbox entries per user, as last seen by the relay or a commit. */
  private final Map<String, Integer> pendingByUser = new ConcurrentHashMap<>();

  public AppMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    Gauge.builder("todo.events.pending", pendingByUser,
            m -> m.values().stream().mapToInt(Integer::intValue).sum())
        .description("Outbox entries (events and job commands) not yet delivered to the sidecar")
        .register(registry);
    // Counters at 0 from the start: one that appears on its first increment is read by Prometheus' increase() as
    // no increase (docs/operations.md, Alerts), and a dashboard would show nothing rather than 0.
    reminderCounter("todo.reminders.scheduled");
    reminderCounter("todo.reminders.fired");
    reminderCounter("todo.reminders.missed");
  }

  /**
   * Registers the relay's counters at 0 for each event type and each kind of outbox entry (publish, job), for the
   * same reason as the reminder counters.
   */
  public void relayCountersAtZero(java.util.Collection<String> eventTypes, java.util.Collection<String> entryKinds) {
    for (String type : eventTypes) {
      Counter.builder("todo.events.published").tag("type", type).register(registry);
      Counter.builder("todo.events.failed").tag("type", type).register(registry);
    }
    for (String kind : entryKinds) {
      deadLetterCounter(kind);
    }
  }

  private Counter reminderCounter(String name) {
    return Counter.builder(name).register(registry);
  }

  private Counter deadLetterCounter(String kind) {
    return Counter.builder("todo.outbox.dead.letters").description("Outbox entries that could never be delivered")
        .tag("kind", kind).register(registry);
  }

  public void httpRequest(String method, String route, int status, Duration latency) {
    Timer.builder("http.server.requests")
        .description("HTTP request latency")
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .publishPercentileHistogram()
        .register(registry)
        .record(latency);
  }

  public void eventPublished(String type) {
    Counter.builder("todo.events.published").tag("type", type).register(registry).increment();
  }

  public void eventPublishFailed(String type) {
    Counter.builder("todo.events.failed").tag("type", type).register(registry).increment();
  }

  public void pendingOutbox(String userId, int entries) {
    if (entries == 0) {
      pendingByUser.remove(userId);
    } else {
      pendingByUser.put(userId, entries);
    }
  }

  public int pendingOutboxTotal() {
    return pendingByUser.values().stream().mapToInt(Integer::intValue).sum();
  }

  public void reminderScheduled() {
    reminderCounter("todo.reminders.scheduled").increment();
  }

  public void reminderFired() {
    reminderCounter("todo.reminders.fired").increment();
  }

  /** Users whose outbox this replica is delivering or will retry (0 when it has nothing pending). */
  public void usersPendingDelivery(java.util.function.Supplier<Number> users) {
    Gauge.builder("todo.outbox.users.pending", users).description("Users with outbox entries this replica delivers")
        .register(registry);
  }

  /** How long the oldest outbox entry this replica has not delivered yet has waited (0 when none waits). */
  public void outboxOldestPending(java.util.function.Supplier<Number> seconds) {
    Gauge.builder("todo.outbox.oldest.pending", seconds)
        .description("Seconds the oldest undelivered outbox entry of this replica has waited").baseUnit("seconds")
        .register(registry);
  }

  /** Estimated bytes of handed-over outbox entries the relay holds in memory (bounded; the rest is read back). */
  public void outboxHeldBytes(java.util.function.Supplier<Number> bytes) {
    Gauge.builder("todo.outbox.held", bytes).description("Estimated bytes of outbox entries the relay holds in memory")
        .baseUnit("bytes").register(registry);
  }

  /** How late a reminder's trigger reached the app (the Scheduler's and daprd's share of a reminder's delay). */
  public void reminderTriggerLateness(Duration lateness) {
    Timer.builder("todo.reminders.trigger.lateness").description("Time from a reminder's moment to its trigger")
        .publishPercentiles(0.5, 0.99).register(registry).record(lateness.isNegative() ? Duration.ZERO : lateness);
  }

  public void reminderMissed() {
    reminderCounter("todo.reminders.missed").increment();
  }

  /** An outbox entry given up on (kept as a dead letter): kind is publish or job. */
  public void deadLettered(String kind) {
    deadLetterCounter(kind).increment();
  }

  /** An event the activity feed refused: no-id, foreign-source, unknown-type or no-user. */
  public void activityDropped(String reason) {
    Counter.builder("todo.activity.dropped").tag("reason", reason).register(registry).increment();
  }

  /** One group commit of a user's operations. */
  public void userBatchCommitted(int operations) {
    DistributionSummary.builder("todo.write.batch.operations").description("Operations per user transaction")
        .register(registry).record(operations);
  }

  /** A user transaction lost an etag race (another replica wrote first) and starts over. */
  public void userBatchConflict() {
    Counter.builder("todo.write.conflicts").register(registry).increment();
  }

  public double counterValue(String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  public String scrape() {
    return registry.scrape();
  }
}
