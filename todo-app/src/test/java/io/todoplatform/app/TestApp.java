package io.todoplatform.app;

import io.todoplatform.app.auth.TokenIssuer;
import io.todoplatform.app.config.AppConfig;
import io.todoplatform.app.embedded.InMemoryTaskStore;
import io.todoplatform.app.embedded.InProcessPubSub;
import io.todoplatform.app.embedded.TimerJobScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The real application in embedded mode on a free port, plus an HTTP client and tokens for tests. */
final class TestApp implements AutoCloseable {
  static final String SECRET = "test-signing-secret-with-enough-entropy-0123456789";

  final TodoApplication app;
  final ApiClient api;

  private TestApp(TodoApplication app) {
    this.app = app;
    this.api = new ApiClient("http://127.0.0.1:" + app.port());
  }

  static TestApp start() {
    return start(Map.of());
  }

  static TestApp start(Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("TODO_RUNTIME", "embedded");
    env.put("TODO_JWT_SECRET", SECRET);
    env.putAll(extraEnv);
    TodoApplication.Options options = new TodoApplication.Options(Clock.systemUTC(), Duration.ofMillis(100),
        Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofSeconds(5));
    return new TestApp(TodoApplication.start(AppConfig.from(env), options));
  }

  static String newUser() {
    return "user-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String token(String user) {
    return new TokenIssuer(SECRET).issue(user, Duration.ofHours(1));
  }

  InProcessPubSub pubsub() {
    return (InProcessPubSub) app.adapters().publisher();
  }

  InMemoryTaskStore store() {
    return (InMemoryTaskStore) app.adapters().store();
  }

  TimerJobScheduler jobs() {
    return (TimerJobScheduler) app.adapters().jobs();
  }

  @Override
  public void close() {
    app.close();
  }
}
