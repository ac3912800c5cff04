package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** The Dapr Conversation components chat-api's model can be reached through (components-contrib v1.17). */
public enum ChatModelType {
  /** Any OpenAI-compatible server: OpenAI itself, Cohere's compatibility API, vLLM, llama.cpp, Ollama's /v1. */
  @JsonProperty("openai") OPENAI,
  @JsonProperty("anthropic") ANTHROPIC,
  @JsonProperty("googleai") GOOGLEAI,
  @JsonProperty("mistral") MISTRAL,
  @JsonProperty("ollama") OLLAMA,
  /** Echoes the messages back and "calls" every tool: a smoke test of the wiring, not a model. */
  @JsonProperty("echo") ECHO;

  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Dapr Component type, e.g. conversation.openai. */
  public String componentType() {
    return "conversation." + wireValue();
  }

  /** Whether the component reads an endpoint (the others call their provider's fixed address). */
  public boolean takesEndpoint() {
    return this == OPENAI || this == OLLAMA;
  }

  /** Whether the component needs an API key (the others, echo and ollama, have no key metadata at all). */
  public boolean needsApiKey() {
    return this != ECHO && this != OLLAMA;
  }
}
