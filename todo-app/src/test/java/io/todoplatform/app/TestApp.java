package io.todoplatform.app;

import io.todoplatform.app.auth.TokenIssuer;
import io.todoplatform.app.config.AppConfig;
import io.todoplatform.app.embedded.InMemoryStateStore;
import io.todoplatform.app.embedded.InProcessPubSub;
import io.todoplatform.app.embedded.TimerJobScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** The real application in embedded mode on a free port, plus an HTTP client and tokens for tests. */
final class TestApp implements AutoCloseable {
  static final String SECRET = "test-signing-secret-with-enough-entropy-0123456789";

  final TodoApplication app;
  final ApiClient api;
  private final InProcessPubSub pubsub;

  private TestApp(TodoApplication app, InProcessPubSub pubsub, String sweepRoute) {
    this.app = app;
    this.pubsub = pubsub;
    this.api = new ApiClient("http://127.0.0.1:" + app.port(), sweepRoute);
  }

  static TestApp start() {
    return start(Map.of());
  }

  static TestApp start(Map<String, String> extraEnv) {
    return start(extraEnv, UnaryOperator.identity());
  }

  /**
   * The due index uses one-second buckets and the sweep no grace period, so a test can watch the sweep within
   * seconds; the maintenance job itself is left to the tests ({@code app.maintenance().runPass()}).
   */
  static TestApp start(Map<String, String> extraEnv, UnaryOperator<Adapters> adapters) {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("TODO_RUNTIME", "embedded");
    env.put("TODO_JWT_SECRET", SECRET);
    env.putAll(extraEnv);
    TodoApplication.Options options = new TodoApplication.Options(Clock.systemUTC(), Duration.ofMillis(500), 4,
        TodoApplication.Options.DEFAULT_RELAY_HELD_BYTES, Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5), adapters);
    InProcessPubSub[] broker = new InProcessPubSub[1];
    TodoApplication.Options capturing = options.withAdapters(a -> {
      broker[0] = (InProcessPubSub) a.publisher();
      return adapters.apply(a);
    });
    AppConfig config = AppConfig.from(env);
    TodoApplication started = TodoApplication.start(config, capturing);
    return new TestApp(started, broker[0], "/" + config.sweepRoute());
  }

  static String newUser() {
    return "user-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String token(String user) {
    return new TokenIssuer(SECRET).issue(user, Duration.ofHours(1));
  }

  /** The in-process broker, also when a test double wraps it. */
  InProcessPubSub pubsub() {
    return pubsub;
  }

  InMemoryStateStore store() {
    return (InMemoryStateStore) app.adapters().store();
  }

  TimerJobScheduler jobs() {
    return (TimerJobScheduler) app.adapters().jobs();
  }

  @Override
  public void close() {
    app.close();
  }
}
