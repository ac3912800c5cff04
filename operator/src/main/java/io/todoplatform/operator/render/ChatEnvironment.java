package io.todoplatform.operator.render;

import java.util.List;

/**
 * Names of the environment variables the operator sets on the chat-api container. chat-api reads the same names
 * (its ChatEnv); docs/chat-api.md's configuration table lists them, and tests on both sides check it.
 */
public final class ChatEnvironment {
  public static final String PORT = "PORT";
  public static final String APP_ID = "CHAT_APP_ID";
  public static final String CONVERSATION_COMPONENT = "CHAT_CONVERSATION_COMPONENT";
  public static final String STATESTORE_NAME = "CHAT_STATESTORE_NAME";
  public static final String SECRETSTORE_NAME = "CHAT_SECRETSTORE_NAME";
  public static final String BACKEND_APP_ID = "CHAT_BACKEND_APP_ID";
  public static final String SCRUB_PII = "CHAT_SCRUB_PII";
  public static final String RETENTION_SECONDS = "CHAT_RETENTION_SECONDS";
  public static final String MAX_TOOL_ROUNDS = "CHAT_MAX_TOOL_ROUNDS";
  public static final String MODEL_TIMEOUT_SECONDS = "CHAT_MODEL_TIMEOUT_SECONDS";

  /** Every name the operator sets; the sidecar's ports and API token come from Dapr's injector. */
  public static final List<String> ALL = List.of(PORT, APP_ID, CONVERSATION_COMPONENT, STATESTORE_NAME,
      SECRETSTORE_NAME, BACKEND_APP_ID, SCRUB_PII, RETENTION_SECONDS, MAX_TOOL_ROUNDS, MODEL_TIMEOUT_SECONDS);

  private ChatEnvironment() {}
}
