package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The model behind chat-api: which Dapr Conversation component the operator renders for it, and how it reaches the
 * provider. The API key is only ever a reference: the component resolves it, chat-api never holds it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type != 'ollama' || has(self.endpoint)", message = ChatModelSpec.ENDPOINT_REQUIRED,
    fieldPath = ".endpoint", reason = "FieldValueRequired")
@ValidationRule(value = "!has(self.endpoint) || self.type in ['openai', 'ollama']",
    message = ChatModelSpec.ENDPOINT_FORBIDDEN, fieldPath = ".endpoint", reason = "FieldValueForbidden")
@ValidationRule(value = "self.type in ['echo', 'ollama'] || has(self.apiKeySecretRef)",
    message = ChatModelSpec.KEY_REQUIRED, fieldPath = ".apiKeySecretRef", reason = "FieldValueRequired")
@ValidationRule(value = "!(self.type in ['echo', 'ollama']) || !has(self.apiKeySecretRef)",
    message = ChatModelSpec.KEY_FORBIDDEN, fieldPath = ".apiKeySecretRef", reason = "FieldValueForbidden")
@ValidationRule(value = "self.type != 'echo' || !has(self.model)", message = ChatModelSpec.MODEL_FORBIDDEN,
    fieldPath = ".model", reason = "FieldValueForbidden")
@ValidationRule(value = "self.type != 'openai' || !has(self.endpoint) || has(self.model)",
    message = ChatModelSpec.MODEL_REQUIRED, fieldPath = ".model", reason = "FieldValueRequired")
public class ChatModelSpec {
  public static final String ENDPOINT_REQUIRED = "endpoint is required for type ollama: its default,"
      + " http://localhost:11434/v1, would be the pod itself";
  public static final String ENDPOINT_FORBIDDEN = "only types openai and ollama take an endpoint; the other"
      + " components call their provider's own address";
  public static final String KEY_REQUIRED = "apiKeySecretRef is required for this type (all but echo and ollama)";
  // Dapr's ollama component has no key: a reference would only make the sidecar resolve a Secret nothing uses.
  public static final String KEY_FORBIDDEN = "types echo and ollama take no API key";
  // conversation.echo declares no metadata: a model would be a name nothing reads.
  public static final String MODEL_FORBIDDEN = "type echo takes no model: it repeats the messages back";
  public static final String MODEL_REQUIRED = "model is required for type openai with an endpoint: the component's"
      + " default model is OpenAI's own";

  @Required
  @JsonPropertyDescription("The Dapr Conversation component: openai (any OpenAI-compatible server, e.g. Cohere's"
      + " compatibility API), anthropic, googleai, mistral, ollama, or echo (repeats the messages back and calls every"
      + " tool: a wiring smoke test, not a model).")
  private ChatModelType type;

  @Pattern(Patterns.HTTP_URL)
  @JsonPropertyDescription("Base URL of the provider's API, for openai (default: OpenAI's) and ollama (required), e.g."
      + " https://api.cohere.ai/compatibility/v1.")
  private String endpoint;

  @Size(min = 1, max = 200)
  @JsonPropertyDescription("The provider's model name, e.g. command-r-plus. Left out: the component's default.")
  private String model;

  @JsonPropertyDescription("Secret key holding the provider's API key, resolved by the conversation component when the"
      + " sidecar loads it (chat-api cannot read it). Required for every type but echo and ollama, which take none.")
  private SecretKeyRef apiKeySecretRef;

  public ChatModelType getType() { return type; }
  public void setType(ChatModelType type) { this.type = type; }
  public String getEndpoint() { return endpoint; }
  public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
  public String getModel() { return model; }
  public void setModel(String model) { this.model = model; }
  public SecretKeyRef getApiKeySecretRef() { return apiKeySecretRef; }
  public void setApiKeySecretRef(SecretKeyRef apiKeySecretRef) { this.apiKeySecretRef = apiKeySecretRef; }
}
