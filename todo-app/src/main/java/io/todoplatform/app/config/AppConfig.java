package io.todoplatform.app.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
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
    Optional<String> deadLetterTopic,
    String stateStoreName,
    String secretStoreName,
    String sweepRoute,
    Optional<String> jwtSecret,
    Optional<String> jwtIssuer,
    Optional<String> jwtAudience,
    Duration jwtMaxLifetime,
    Duration reminderMissedAfter,
    Optional<String> appApiToken,
    boolean allowInsecureSidecarRoutes,
    int daprHttpPort) {

  /** Route and topic names end up in URL paths: keep them to characters that need no escaping. */
  private static final Pattern PATH_SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  public static AppConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** @throws IllegalArgumentException naming the variable, when a value is invalid or a required one missing */
  public static AppConfig from(Map<String, String> env) {
    RuntimeMode runtime = RuntimeMode.detect(env);
    Optional<String> appApiToken = optional(env, EnvVar.APP_API_TOKEN);
    boolean insecure = bool(env, EnvVar.ALLOW_INSECURE_SIDECAR_ROUTES);
    if (runtime == RuntimeMode.DAPR && appApiToken.isEmpty() && !insecure) {
      throw new IllegalArgumentException("APP_API_TOKEN is required in dapr mode: without it anyone who reaches the"
          + " app's port can call its sidecar routes (subscriptions, job triggers, the sweep). Give the sidecar and"
          + " the app the same token (spec.dapr.appTokenSecretRef), or set ALLOW_INSECURE_SIDECAR_ROUTES=true for"
          + " local development only.");
    }
    return new AppConfig(
        portOf(env, EnvVar.PORT),
        runtime,
        value(env, EnvVar.TODO_APP_ID),
        value(env, EnvVar.TODO_PUBSUB_NAME),
        pathSafe(env, EnvVar.TODO_TOPIC_TASK_EVENTS),
        pathSafe(env, EnvVar.TODO_TOPIC_TASK_UPDATES),
        pathSafe(env, EnvVar.TODO_TOPIC_REMINDERS),
        optional(env, EnvVar.TOPIC_DEAD_LETTERS).map(v -> pathSafe(EnvVar.TOPIC_DEAD_LETTERS, v)),
        value(env, EnvVar.TODO_STATESTORE_NAME),
        value(env, EnvVar.TODO_SECRETSTORE_NAME),
        pathSafe(env, EnvVar.TODO_SWEEP_BINDING),
        optional(env, EnvVar.TODO_JWT_SECRET),
        optional(env, EnvVar.TODO_JWT_ISSUER),
        optional(env, EnvVar.TODO_JWT_AUDIENCE),
        duration(env, EnvVar.TODO_JWT_MAX_LIFETIME, Duration.ofMinutes(1), Duration.ofDays(30)),
        duration(env, EnvVar.TODO_REMINDER_MISSED_AFTER, Duration.ofSeconds(1), Duration.ofDays(365)),
        appApiToken,
        insecure,
        portOf(env, EnvVar.DAPR_HTTP_PORT));
  }

  /** Same configuration on another port (tests bind to port 0 for a free one). */
  public AppConfig withPort(int newPort) {
    return new AppConfig(newPort, runtime, appId, pubsubName, taskEventsTopic, taskUpdatesTopic, remindersTopic,
        deadLetterTopic, stateStoreName, secretStoreName, sweepRoute, jwtSecret, jwtIssuer, jwtAudience,
        jwtMaxLifetime, reminderMissedAfter, appApiToken, allowInsecureSidecarRoutes, daprHttpPort);
  }

  private static String value(Map<String, String> env, EnvVar var) {
    return optional(env, var).orElse(var.defaultValue());
  }

  private static Optional<String> optional(Map<String, String> env, EnvVar var) {
    String raw = env.get(var.name());
    return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.trim());
  }

  private static String pathSafe(Map<String, String> env, EnvVar var) {
    return pathSafe(var, value(env, var));
  }

  private static String pathSafe(EnvVar var, String name) {
    if (!PATH_SAFE.matcher(name).matches()) {
      throw new IllegalArgumentException(var.name() + " must match " + PATH_SAFE.pattern() + ", got '" + name + "'");
    }
    return name;
  }

  private static boolean bool(Map<String, String> env, EnvVar var) {
    String raw = value(env, var).toLowerCase(Locale.ROOT);
    if (!raw.equals("true") && !raw.equals("false")) {
      throw new IllegalArgumentException(var.name() + " must be true or false, got '" + raw + "'");
    }
    return raw.equals("true");
  }

  private static Duration duration(Map<String, String> env, EnvVar var, Duration min, Duration max) {
    String raw = value(env, var);
    try {
      Duration d = Duration.parse(raw);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(var.name() + " must be an ISO-8601 duration from " + min + " to " + max
            + ", got '" + raw + "'");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(var.name() + " must be an ISO-8601 duration such as PT1H, got '" + raw + "'");
    }
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
