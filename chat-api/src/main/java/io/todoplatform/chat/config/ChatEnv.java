package io.todoplatform.chat.config;

/**
 * Every environment variable chat-api reads, with its default (null: none). This list is chat-api's half of
 * the environment contract with whatever deploys it (the operator's spec.chat, docs/chat-api.md).
 */
public enum ChatEnv {
  PORT("8080"),
  CHAT_APP_ID("chat-api"),
  /** Name of the Dapr Conversation component (e.g. conversation.openai) that reaches the model. */
  CHAT_CONVERSATION_COMPONENT("chat-model"),
  CHAT_STATESTORE_NAME("statestore"),
  CHAT_SECRETSTORE_NAME("kubernetes-secrets"),
  /** The todo backend's Dapr app-id: the tools call it through service invocation. */
  CHAT_BACKEND_APP_ID("backend"),
  /** true: Dapr scrubs PII from what is sent to the model and from its answers. */
  CHAT_SCRUB_PII("false"),
  /** How long an untouched conversation is kept (the state store's ttlInSeconds). */
  CHAT_RETENTION_SECONDS("2592000"),
  /** Model calls that may ask for tools within one message; one more call then must answer in text. */
  CHAT_MAX_TOOL_ROUNDS("5"),
  CHAT_MODEL_TIMEOUT_SECONDS("60"),
  DAPR_HTTP_PORT(null),
  DAPR_GRPC_PORT(null),
  /** Set by Dapr's injector when the sidecar requires a token (dapr.io/api-token-secret). */
  DAPR_API_TOKEN(null);

  private final String defaultValue;

  ChatEnv(String defaultValue) {
    this.defaultValue = defaultValue;
  }

  public String defaultValue() {
    return defaultValue;
  }
}
