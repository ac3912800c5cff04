package io.todoplatform.chat.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** chat-api's configuration, read once from the environment and checked before anything starts. */
public record ChatConfig(
    int port,
    String appId,
    String conversationComponent,
    String stateStoreName,
    String secretStoreName,
    String backendAppId,
    boolean scrubPii,
    Duration retention,
    int maxToolRounds,
    Duration modelTimeout,
    int daprHttpPort,
    int daprGrpcPort,
    Optional<String> daprApiToken) {

  /** Dapr names (app-ids, component names): DNS-label-like, as Dapr and Kubernetes accept them. */
  private static final Pattern DAPR_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?");
  static final long MIN_RETENTION_SECONDS = 60;
  static final long MAX_RETENTION_SECONDS = 10L * 365 * 24 * 3600;
  static final int MAX_TOOL_ROUNDS_LIMIT = 10;

  public static ChatConfig fromEnvironment() {
    return from(System.getenv());
  }

  /**
   * @throws IllegalArgumentException naming every bad variable; in particular when the sidecar's ports are
   *     missing: chat-api only runs beside its Dapr sidecar
   */
  public static ChatConfig from(Map<String, String> env) {
    Reader r = new Reader(env);
    if (r.raw(ChatEnv.DAPR_HTTP_PORT) == null || r.raw(ChatEnv.DAPR_GRPC_PORT) == null) {
      throw new IllegalArgumentException("chat-api runs only beside its Dapr sidecar: DAPR_HTTP_PORT and"
          + " DAPR_GRPC_PORT must be set (Dapr's injector sets them; with a local daprd, export its ports)");
    }
    ChatConfig config = new ChatConfig(
        r.integer(ChatEnv.PORT, 1, 65535),
        r.name(ChatEnv.CHAT_APP_ID),
        r.name(ChatEnv.CHAT_CONVERSATION_COMPONENT),
        r.name(ChatEnv.CHAT_STATESTORE_NAME),
        r.name(ChatEnv.CHAT_SECRETSTORE_NAME),
        r.name(ChatEnv.CHAT_BACKEND_APP_ID),
        r.bool(ChatEnv.CHAT_SCRUB_PII),
        Duration.ofSeconds(r.longValue(ChatEnv.CHAT_RETENTION_SECONDS, MIN_RETENTION_SECONDS, MAX_RETENTION_SECONDS)),
        r.integer(ChatEnv.CHAT_MAX_TOOL_ROUNDS, 1, MAX_TOOL_ROUNDS_LIMIT),
        Duration.ofSeconds(r.integer(ChatEnv.CHAT_MODEL_TIMEOUT_SECONDS, 1, 600)),
        r.integer(ChatEnv.DAPR_HTTP_PORT, 1, 65535),
        r.integer(ChatEnv.DAPR_GRPC_PORT, 1, 65535),
        Optional.ofNullable(r.raw(ChatEnv.DAPR_API_TOKEN)));
    r.failIfInvalid();
    return config;
  }

  /** Collects every problem instead of stopping at the first, so one start shows them all. */
  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> errors = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    String raw(ChatEnv variable) {
      String value = env.get(variable.name());
      return value == null || value.isBlank() ? null : value.trim();
    }

    String value(ChatEnv variable) {
      String value = raw(variable);
      return value != null ? value : variable.defaultValue();
    }

    String name(ChatEnv variable) {
      String value = value(variable);
      if (value == null || !DAPR_NAME.matcher(value).matches()) {
        errors.add(variable.name() + ": must be a Dapr name (lower-case letters, digits, '-', '.'; at most 63"
            + " characters), got '" + value + "'");
      }
      return value;
    }

    boolean bool(ChatEnv variable) {
      String value = value(variable);
      if (!value.equals("true") && !value.equals("false")) {
        errors.add(variable.name() + ": must be true or false, got '" + value + "'");
      }
      return value.equals("true");
    }

    int integer(ChatEnv variable, int min, int max) {
      return (int) longValue(variable, min, max);
    }

    long longValue(ChatEnv variable, long min, long max) {
      String value = value(variable);
      try {
        long parsed = Long.parseLong(value);
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      errors.add(variable.name() + ": must be an integer from " + min + " to " + max + ", got '" + value + "'");
      return min;
    }

    void failIfInvalid() {
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", errors));
      }
    }
  }
}
