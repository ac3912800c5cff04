package io.todoplatform.app;

import io.javalin.Javalin;
import io.todoplatform.app.activity.ActivityFeed;
import io.todoplatform.app.api.HttpServer;
import io.todoplatform.app.api.SidecarRoutes;
import io.todoplatform.app.api.TaskRoutes;
import io.todoplatform.app.auth.StaticJwtKeys;
import io.todoplatform.app.auth.TokenIssuer;
import io.todoplatform.app.auth.TokenPolicy;
import io.todoplatform.app.auth.TokenVerifier;
import io.todoplatform.app.auth.UserAccess;
import io.todoplatform.app.config.AppConfig;
import io.todoplatform.app.config.RuntimeMode;
import io.todoplatform.app.dapr.DaprAdapters;
import io.todoplatform.app.domain.ReminderService;
import io.todoplatform.app.domain.TaskService;
import io.todoplatform.app.embedded.EmbeddedAdapters;
import io.todoplatform.app.embedded.InProcessPubSub;
import io.todoplatform.app.embedded.TimerJobScheduler;
import io.todoplatform.app.events.CloudEventFactory;
import io.todoplatform.app.events.OutboxRelay;
import io.todoplatform.app.events.RelayRecovery;
import io.todoplatform.app.events.ReplicaRegistry;
import io.todoplatform.app.events.Topics;
import io.todoplatform.app.maintenance.Maintenance;
import io.todoplatform.app.observability.AppMetrics;
import io.todoplatform.app.reminders.DueIndex;
import io.todoplatform.app.reminders.ReminderJobSync;
import io.todoplatform.app.reminders.ReminderSweep;
import io.todoplatform.app.reminders.ReminderTrigger;
import io.todoplatform.app.support.Traceparent;
import io.todoplatform.app.userdata.TaskListing;
import io.todoplatform.app.userdata.UserOutbox;
import io.todoplatform.app.userdata.UserWriteQueue;
import io.todoplatform.service.http.HealthRoutes;
import io.todoplatform.service.http.InFlightRequests;
import io.todoplatform.service.http.RouteTable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the todo backend: picks the adapters for the runtime mode, wires the use cases, serves HTTP. */
public final class TodoApplication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TodoApplication.class);
  public static final String LOCAL_USER = "local-user";

  /**
   * Timing knobs; tests shorten them, production uses {@link #defaults()}.
   *
   * @param maintenanceInterval how often the maintenance job (relay recovery, reminder sweep) fires
   * @param sweepGrace how long after a due bucket ends before the sweep looks at it (the Scheduler goes first)
   * @param dueBucketWidth the due index's time buckets
   * @param relayHeldBytes how much of the handed-over outbox entries the relay keeps in memory, across users
   * @param adapters lets tests wrap the adapters (e.g. a publisher that refuses one event)
   */
  public record Options(Clock clock, Duration relayMaxBackoff, int relayThreads, long relayHeldBytes,
      Duration maintenanceInterval, Duration sweepGrace, Duration dueBucketWidth, Duration drainTimeout,
      UnaryOperator<Adapters> adapters) {
    /** 32 MiB: thousands of entries on their way out (each leaves within milliseconds unless the broker lags). */
    static final long DEFAULT_RELAY_HELD_BYTES = 32L * 1024 * 1024;

    public static Options defaults() {
      return new Options(Clock.systemUTC(), Duration.ofSeconds(30), 64, DEFAULT_RELAY_HELD_BYTES,
          Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(20),
          UnaryOperator.identity());
    }

    public Options withAdapters(UnaryOperator<Adapters> decorator) {
      return new Options(clock, relayMaxBackoff, relayThreads, relayHeldBytes, maintenanceInterval, sweepGrace,
          dueBucketWidth, drainTimeout, decorator);
    }
  }

  private final Javalin server;
  private final Adapters adapters;
  private final OutboxRelay relay;
  private final Maintenance maintenance;
  private final ReplicaRegistry registry;
  private final InFlightRequests inFlight;
  private final AppMetrics metrics;
  private final Options options;
  private final String localToken;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TodoApplication(Javalin server, Adapters adapters, OutboxRelay relay, Maintenance maintenance,
      ReplicaRegistry registry, InFlightRequests inFlight, AppMetrics metrics, Options options, String localToken) {
    this.server = server;
    this.adapters = adapters;
    this.relay = relay;
    this.maintenance = maintenance;
    this.registry = registry;
    this.inFlight = inFlight;
    this.metrics = metrics;
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
        LOG.warn("TODO_JWT_SECRET is ignored in dapr mode; the keys come from the secret store");
      }
      if (config.appApiToken().isEmpty()) {
        LOG.warn("ALLOW_INSECURE_SIDECAR_ROUTES=true: the sidecar routes (subscriptions, job triggers, the sweep) are"
            + " open to anyone who reaches this port. For local development only.");
      }
      adapters = DaprAdapters.create(config);
    } else {
      StaticJwtKeys keys = config.jwtSecret().map(StaticJwtKeys::of).orElseGet(StaticJwtKeys::random);
      if (keys.generated()) {
        localToken = new TokenIssuer(keys.generatedSecret().orElseThrow()).issue(LOCAL_USER, Duration.ofHours(24));
      }
      adapters = EmbeddedAdapters.create(clock, keys);
    }
    adapters = options.adapters().apply(adapters);

    AppMetrics metrics = new AppMetrics();
    Topics topics = new Topics(config.taskEventsTopic(), config.taskUpdatesTopic(), config.remindersTopic());
    ReplicaRegistry registry = new ReplicaRegistry(adapters.store(), clock, System.getenv("HOSTNAME"));
    AtomicReference<OutboxRelay> relayRef = new AtomicReference<>();
    UserWriteQueue writes = new UserWriteQueue(adapters.store(), registry, clock, metrics,
        (userId, first, next, committed) -> relayRef.get().handOver(userId, first, next, committed));
    TaskListing reads = new TaskListing(adapters.store());
    DueIndex dueIndex = new DueIndex(adapters.store(), options.dueBucketWidth());
    ReminderJobSync jobSync = new ReminderJobSync(reads, adapters.jobs(), dueIndex, metrics);
    OutboxRelay relay = new OutboxRelay(new UserOutbox(adapters.store()), writes, registry, adapters.publisher(),
        new CloudEventFactory(config.appId(), topics), jobSync, metrics, clock, options.relayThreads(),
        options.relayMaxBackoff(), options.relayHeldBytes());
    relayRef.set(relay);
    TaskService tasks = new TaskService(writes, reads, clock);
    ReminderService reminders = new ReminderService(writes, clock, config.reminderMissedAfter());
    ReminderTrigger trigger = new ReminderTrigger(reminders, reads, metrics);
    ReminderSweep sweep = new ReminderSweep(adapters.store(), dueIndex, reads, reminders, registry, metrics, clock,
        options.sweepGrace());
    Maintenance maintenance = new Maintenance(new RelayRecovery(adapters.store(), registry, writes, relay), sweep,
        relay, registry);
    ActivityFeed activity = new ActivityFeed(adapters.store(), clock, config.appId(), metrics);

    if (adapters.publisher() instanceof InProcessPubSub pubsub) {
      topics.all().forEach(topic -> pubsub.subscribe(topic, activity::accept));
    }
    if (adapters.jobs() instanceof TimerJobScheduler timers) {
      timers.setTarget((name, data) -> {
        if (Maintenance.JOB_NAME.equals(name)) {
          maintenance.requestPass();
        } else {
          trigger.onJob(name, data, Traceparent.generate());
        }
      });
    }

    InFlightRequests inFlight = new InFlightRequests();
    TokenVerifier verifier = new TokenVerifier(adapters.jwtKeys(),
        new TokenPolicy(config.jwtIssuer(), config.jwtAudience(), config.jwtMaxLifetime()), clock);
    Javalin server = HttpServer.create(
        new TaskRoutes(tasks, activity, new UserAccess(verifier)),
        new SidecarRoutes(config.pubsubName(), topics, config.deadLetterTopic(), config.sweepRoute(), activity, trigger,
            maintenance),
        new HealthRoutes(adapters.readinessChecks(), inFlight::draining, metrics::scrape),
        config.appApiToken(), metrics, inFlight);
    server.start(config.port());
    registry.start();
    maintenance.scheduleJob(adapters.jobs(), options.maintenanceInterval());
    LOG.info("todo-app started: runtime={}, port={}, appId={}, replica={}, stateStore={}, pubsub={}, topics={}, "
            + "deadLetterTopic={}, secretStore={}, sweepRoute=/{}, sidecarTokenRequired={}",
        config.runtime().name().toLowerCase(), server.port(), config.appId(), registry.self(), config.stateStoreName(),
        config.pubsubName(), topics.all(), config.deadLetterTopic().orElse("(none)"), config.secretStoreName(),
        config.sweepRoute(), config.appApiToken().isPresent());
    return new TodoApplication(server, adapters, relay, maintenance, registry, inFlight, metrics, options, localToken);
  }

  public int port() {
    return server.port();
  }

  /** The routes this server serves (the OpenAPI contract test compares them with the document). */
  public List<RouteTable.Route> routes() {
    return RouteTable.of(server);
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

  public Maintenance maintenance() {
    return maintenance;
  }

  public ReplicaRegistry registry() {
    return registry;
  }

  /** Embedded mode with a generated secret: a token for {@value #LOCAL_USER}. */
  public Optional<String> localToken() {
    return Optional.ofNullable(localToken);
  }

  /**
   * Graceful shutdown: refuse new requests (503, readiness down) and let those in flight finish, stop the HTTP
   * server, deliver what this replica still holds, leave the replica registry, then release the adapters.
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
    maintenance.close();
    relay.drain(options.drainTimeout());
    registry.close();
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
