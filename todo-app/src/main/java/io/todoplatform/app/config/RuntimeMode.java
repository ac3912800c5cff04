package io.todoplatform.app.config;

import java.util.Locale;
import java.util.Map;

/** Which adapters back the ports: the Dapr sidecar or in-process stand-ins. */
public enum RuntimeMode {
  DAPR,
  EMBEDDED;

  /**
   * An explicit {@code TODO_RUNTIME} wins; otherwise the sidecar injector's variables mean a sidecar is
   * there to talk to.
   */
  static RuntimeMode detect(Map<String, String> env) {
    String explicit = env.get(EnvVar.TODO_RUNTIME.name());
    if (explicit != null && !explicit.isBlank()) {
      return switch (explicit.trim().toLowerCase(Locale.ROOT)) {
        case "dapr" -> DAPR;
        case "embedded" -> EMBEDDED;
        default -> throw new IllegalArgumentException(
            "TODO_RUNTIME must be 'dapr' or 'embedded', got '" + explicit + "'");
      };
    }
    boolean sidecarPresent = isSet(env, EnvVar.DAPR_GRPC_PORT) || isSet(env, EnvVar.DAPR_HTTP_PORT);
    return sidecarPresent ? DAPR : EMBEDDED;
  }

  private static boolean isSet(Map<String, String> env, EnvVar var) {
    String value = env.get(var.name());
    return value != null && !value.isBlank();
  }
}
