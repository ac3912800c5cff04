package io.todoplatform.app;

import io.javalin.Javalin;
import io.todoplatform.app.activity.ActivityFeed;
import io.todoplatform.app.api.HealthRoutes;
import io.todoplatform.app.api.HttpServer;
import io.todoplatform.app.api.InFlightRequests;
import io.todoplatform.app.api.SidecarRoutes;
import io.todoplatform.app.api.TaskRoutes;
import io.todoplatform.app.auth.JwtSecretSource;
import io.todoplatform.app.auth.StaticJwtSecret;
import io.todoplatform.app.auth.TokenIssuer;
import io.todoplatform.app.auth.TokenVerifier;
import io.todoplatform.app.auth.UserAccess;
import io.todoplatform.app.config.AppConfig;
import io.todoplatform.app.config.RuntimeMode;
import io.todoplatform.app.dapr.DaprAdapters;
import io.todoplatform.app.domain.TaskService;
import io.todoplatform.app.domain.UserTransactions;
import io.todoplatform.app.embedded.EmbeddedAdapters;
import io.todoplatform.app.embedded.InProcessPubSub;
import io.todoplatform.app.embedded.TimerJobScheduler;
import io.todoplatform.app.events.CloudEventFactory;
import io.todoplatform.app.events.OutboxRelay;
import io.todoplatform.app.events.Topics;
import io.todoplatform.app.events.Traceparent;
import io.todoplatform.app.observability.AppMetrics;
import io.todoplatform.app.reminders.ReminderService;
import io.todoplatform.app.reminders.ReminderSweep;
import io.todoplatform.app.reminders.ReminderTrigger;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the todo backend: picks the adapters for the runtime mode, wires the use cases, serves HTTP. */
public final class TodoApplication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TodoApplication.class);
  public static final String LOCAL_USER = "local-user";

  /** Timing knobs; tests shorten them, production uses {@link #defaults()}. */
  public record Options(Clock clock, Duration relayRetryInterval, Duration outboxRecoveryInterval,
      Duration embeddedSweepInterval, Duration drainTimeout) {
    public static Options defaults() {
      return new Options(Clock.systemUTC(), Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(60),
          Duration.ofSeconds(20));
    }
  }

  private final Javalin server;
  private final Adapters adapters;
  private final OutboxRelay relay;
  private final ReminderSweep sweep;
  private final InFlightRequests inFlight;
  private final AppMetrics metrics;
  private final ScheduledExecutorService embeddedTimer;
  private final Options options;
  private final String localToken;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TodoApplication(Javalin server, Adapters adapters, OutboxRelay relay, ReminderSweep sweep,
      InFlightRequests inFlight, AppMetrics metrics, ScheduledExecutorService embeddedTimer, Options options,
      String localToken) {
    this.server = server;
    this.adapters = adapters;
    this.relay = relay;
    this.sweep = sweep;
    this.inFlight = inFlight;
    this.metrics = metrics;
    this.embeddedTimer = embeddedTimer;
    this.options = options;
    this.localToken = localToken;
  }

  public static void main(String[] args) {
    AppConfig config;
    try {
      config = AppConfig.fromEnvironment();
    } catch (IllegalArgumentException e) {
      LOG.error("Invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    TodoApplication app = start(config, Options.defaults());
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "graceful-shutdown"));
    if (app.localToken().isPresent()) {
      // Printed, not logged: a convenience for a developer's laptop, valid only with this process's secret.
      System.out.println("Embedded mode: no TODO_JWT_SECRET set, generated a random signing secret.");
      System.out.println("Token for user '" + LOCAL_USER + "' (valid 24h), e.g.:");
      System.out.println("  curl -H 'Authorization: Bearer " + app.localToken().get() + "' http://localhost:"
          + app.port() + "/api/" + LOCAL_USER + "/tasks");
    }
  }

  public static TodoApplication start(AppConfig config, Options options) {
    Clock clock = options.clock();
    String localToken = null;
    Adapters adapters;
    if (config.runtime() == RuntimeMode.DAPR) {
      if (config.jwtSecret().isPresent()) {
        LOG.warn("TODO_JWT_SECRET is ignored in dapr mode; the secret comes from the secret store");
      }
      adapters = DaprAdapters.create(config);
    } else {
      StaticJwtSecret secret = config.jwtSecret().map(StaticJwtSecret::of).orElseGet(StaticJwtSecret::random);
      if (secret.generated()) {
        localToken = new TokenIssuer(secret.secret().orElseThrow()).issue(LOCAL_USER, Duration.ofHours(24));
      }
      adapters = EmbeddedAdapters.create(clock, secret);
    }

    AppMetrics metrics = new AppMetrics();
    Topics topics = new Topics(config.taskEventsTopic(), config.taskUpdatesTopic(), config.remindersTopic());
    OutboxRelay relay = new OutboxRelay(adapters.store(), adapters.publisher(), adapters.jobs(), metrics,
        options.relayRetryInterval(), options.outboxRecoveryInterval());
    UserTransactions transactions = new UserTransactions(adapters.store(), relay::requestFlush);
    CloudEventFactory events = new CloudEventFactory(config.appId(), topics, clock);
    TaskService tasks = new TaskService(adapters.store(), transactions, events, clock);
    ReminderService reminders = new ReminderService(adapters.store(), transactions, events, metrics, clock);
    ReminderTrigger trigger = new ReminderTrigger(reminders);
    ReminderSweep sweep = new ReminderSweep(adapters.store(), relay, reminders, adapters.jobs(), metrics, clock);
    ActivityFeed activity = new ActivityFeed(adapters.store(), clock);
    JwtSecretSource jwtSecret = adapters.jwtSecret();

    ScheduledExecutorService embeddedTimer = null;
    if (adapters.publisher() instanceof InProcessPubSub pubsub) {
      topics.all().forEach(topic -> pubsub.subscribe(topic, activity::accept));
    }
    if (adapters.jobs() instanceof TimerJobScheduler timers) {
      timers.setTarget((name, data) -> trigger.onJob(name, data, Traceparent.generate()));
      // Without a sidecar there is no cron binding: the app runs its own sweep.
      embeddedTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "embedded-sweep");
        t.setDaemon(true);
        return t;
      });
      long every = options.embeddedSweepInterval().toMillis();
      embeddedTimer.scheduleWithFixedDelay(sweep::requestPass, every, every, TimeUnit.MILLISECONDS);
    }

    InFlightRequests inFlight = new InFlightRequests();
    Javalin server = HttpServer.create(
        new TaskRoutes(tasks, activity, new UserAccess(new TokenVerifier(jwtSecret))),
        new SidecarRoutes(config.pubsubName(), topics, config.sweepRoute(), activity, trigger, sweep),
        new HealthRoutes(adapters.readinessChecks(), inFlight::draining, metrics),
        config.appApiToken(), metrics, inFlight);
    server.start(config.port());
    relay.start();
    LOG.info("todo-app started: runtime={}, port={}, appId={}, stateStore={}, pubsub={}, topics={}, "
            + "secretStore={}, sweepRoute=/{}, sidecarTokenRequired={}",
        config.runtime().name().toLowerCase(), server.port(), config.appId(), config.stateStoreName(),
        config.pubsubName(), topics.all(), config.secretStoreName(), config.sweepRoute(),
        config.appApiToken().isPresent());
    return new TodoApplication(server, adapters, relay, sweep, inFlight, metrics, embeddedTimer, options,
        localToken);
  }

  public int port() {
    return server.port();
  }

  public Adapters adapters() {
    return adapters;
  }

  public AppMetrics metrics() {
    return metrics;
  }

  public OutboxRelay relay() {
    return relay;
  }

  public ReminderSweep sweep() {
    return sweep;
  }

  /** Embedded mode with a generated secret: a token for {@value #LOCAL_USER}. */
  public Optional<String> localToken() {
    return Optional.ofNullable(localToken);
  }

  /**
   * Graceful shutdown: refuse new requests (503, readiness down) and let those in flight finish, stop
   * the HTTP server, deliver what the outbox still holds, then release the adapters.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.info("Shutting down: draining requests");
    if (!inFlight.drain(options.drainTimeout())) {
      LOG.warn("Requests still in flight after {}", options.drainTimeout());
    }
    server.stop();
    if (embeddedTimer != null) {
      embeddedTimer.shutdownNow();
    }
    sweep.close();
    relay.drain(options.drainTimeout());
    for (AutoCloseable resource : adapters.resources()) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
    LOG.info("Stopped");
  }
}
