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
  TODO_STATESTORE_NAME("statestore"),
  TODO_SECRETSTORE_NAME("kubernetes-secrets"),
  TODO_SWEEP_BINDING("scheduler"),
  TODO_JWT_SECRET(null),
  APP_API_TOKEN(null),
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
