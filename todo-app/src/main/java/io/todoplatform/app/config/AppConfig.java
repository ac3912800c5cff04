package io.todoplatform.app.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The app's settings, read once from the environment (see {@link EnvVar} for names and defaults). */
public record AppConfig(
    int port,
    RuntimeMode runtime,
    String appId,
    String pubsubName,
    String taskEventsTopic,
    String taskUpdatesTopic,
    String remindersTopic,
    String stateStoreName,
    String secretStoreName,
    String sweepRoute,
    Optional<String> jwtSecret,
    Optional<String> appApiToken,
    int daprHttpPort) {

  /** Route and topic names end up in URL paths: keep them to characters that need no escaping. */
  private static final Pattern PATH_SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  public static AppConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static AppConfig from(Map<String, String> env) {
    return new AppConfig(
        portOf(env, EnvVar.PORT),
        RuntimeMode.detect(env),
        value(env, EnvVar.TODO_APP_ID),
        value(env, EnvVar.TODO_PUBSUB_NAME),
        pathSafe(env, EnvVar.TODO_TOPIC_TASK_EVENTS),
        pathSafe(env, EnvVar.TODO_TOPIC_TASK_UPDATES),
        pathSafe(env, EnvVar.TODO_TOPIC_REMINDERS),
        value(env, EnvVar.TODO_STATESTORE_NAME),
        value(env, EnvVar.TODO_SECRETSTORE_NAME),
        pathSafe(env, EnvVar.TODO_SWEEP_BINDING),
        optional(env, EnvVar.TODO_JWT_SECRET),
        optional(env, EnvVar.APP_API_TOKEN),
        portOf(env, EnvVar.DAPR_HTTP_PORT));
  }

  /** Same configuration on another port (tests bind to port 0 for a free one). */
  public AppConfig withPort(int newPort) {
    return new AppConfig(newPort, runtime, appId, pubsubName, taskEventsTopic, taskUpdatesTopic,
        remindersTopic, stateStoreName, secretStoreName, sweepRoute, jwtSecret, appApiToken, daprHttpPort);
  }

  private static String value(Map<String, String> env, EnvVar var) {
    return optional(env, var).orElse(var.defaultValue());
  }

  private static Optional<String> optional(Map<String, String> env, EnvVar var) {
    String raw = env.get(var.name());
    return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.trim());
  }

  private static String pathSafe(Map<String, String> env, EnvVar var) {
    String name = value(env, var);
    if (!PATH_SAFE.matcher(name).matches()) {
      throw new IllegalArgumentException(var.name() + " must match " + PATH_SAFE.pattern() + ", got '" + name + "'");
    }
    return name;
  }

  private static int portOf(Map<String, String> env, EnvVar var) {
    String raw = value(env, var);
    try {
      int port = Integer.parseInt(raw);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(var.name() + " must be a port number 0-65535, got '" + raw + "'");
    }
  }
}
