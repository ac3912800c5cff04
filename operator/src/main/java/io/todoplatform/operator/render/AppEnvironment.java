package io.todoplatform.operator.render;

import java.util.List;

/**
 * Names of the environment variables the operator sets on the backend container. The todo-app reads the same
 * names; the environment contract in docs/reference.md lists both sides and tests on each side check it.
 */
public final class AppEnvironment {
  public static final String PORT = "PORT";
  public static final String RUNTIME = "TODO_RUNTIME";
  public static final String APP_ID = "TODO_APP_ID";
  public static final String PUBSUB_NAME = "TODO_PUBSUB_NAME";
  public static final String TOPIC_TASK_EVENTS = "TODO_TOPIC_TASK_EVENTS";
  public static final String TOPIC_TASK_UPDATES = "TODO_TOPIC_TASK_UPDATES";
  public static final String TOPIC_REMINDERS = "TODO_TOPIC_REMINDERS";
  /** Where the app's subscriptions dead-letter what they cannot process (deadLetterTopic of GET /dapr/subscribe). */
  public static final String TOPIC_DEAD_LETTERS = "TOPIC_DEAD_LETTERS";
  public static final String STATESTORE_NAME = "TODO_STATESTORE_NAME";
  public static final String SECRETSTORE_NAME = "TODO_SECRETSTORE_NAME";
  public static final String SWEEP_BINDING = "TODO_SWEEP_BINDING";
  /**
   * The token the sidecar sends as dapr-api-token. Dapr's injector gives it to the daprd container only, so the
   * operator sets it on the app container from the same Secret.
   */
  public static final String APP_API_TOKEN = "APP_API_TOKEN";

  /** Every name the operator may set; a user's spec.backend.env must not set these. */
  public static final List<String> ALL = List.of(PORT, RUNTIME, APP_ID, PUBSUB_NAME, TOPIC_TASK_EVENTS,
      TOPIC_TASK_UPDATES, TOPIC_REMINDERS, TOPIC_DEAD_LETTERS, STATESTORE_NAME, SECRETSTORE_NAME, SWEEP_BINDING,
      APP_API_TOKEN);

  private AppEnvironment() {}
}
