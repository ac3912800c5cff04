package io.todoplatform.app.config;

/**
 * Every environment variable the app reads. This list is the app's half of the environment contract with
 * the operator; a test compares it with the contract table in docs/reference.md so the two cannot drift apart.
 */
public enum EnvVar {
  PORT("8000"),
  TODO_RUNTIME(null),
  TODO_APP_ID("backend"),
  TODO_PUBSUB_NAME("kafka-pubsub"),
  TODO_TOPIC_TASK_EVENTS("task-events"),
  TODO_TOPIC_TASK_UPDATES("task-updates"),
  TODO_TOPIC_REMINDERS("reminders"),
  TOPIC_DEAD_LETTERS(null),
  TODO_STATESTORE_NAME("statestore"),
  TODO_SECRETSTORE_NAME("kubernetes-secrets"),
  TODO_SWEEP_BINDING("scheduler"),
  TODO_JWT_SECRET(null),
  TODO_JWT_ISSUER(null),
  TODO_JWT_AUDIENCE(null),
  TODO_JWT_MAX_LIFETIME("PT24H"),
  TODO_REMINDER_MISSED_AFTER("PT1H"),
  APP_API_TOKEN(null),
  ALLOW_INSECURE_SIDECAR_ROUTES("false"),
  DAPR_HTTP_PORT("3500"),
  DAPR_GRPC_PORT("50001");

  private final String defaultValue;

  EnvVar(String defaultValue) {
    this.defaultValue = defaultValue;
  }

  public String defaultValue() {
    return defaultValue;
  }
}
