package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * chat-api, the Todo AI chatbot: its Deployment beside a Dapr sidecar, the model it talks to through Dapr's
 * Conversation API, and how long conversations are kept. Its tools change tasks only through the backend's REST API
 * (Dapr service invocation), which the backend's access-control policy opens to this app-id alone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// "has(self.enabled) && !self.enabled": a chat section the API server has not defaulted yet counts as enabled.
@ValidationRule(value = "(has(self.enabled) && !self.enabled) || has(self.image)",
    message = "image is required unless enabled is false", fieldPath = ".image", reason = "FieldValueRequired")
@ValidationRule(value = "(has(self.enabled) && !self.enabled) || has(self.model)",
    message = "model is required unless enabled is false", fieldPath = ".model", reason = "FieldValueRequired")
public class ChatSpec {
  public static final String DEFAULT_APP_ID = "chat-api";
  /** The conversation Component is named appId + this. */
  public static final String MODEL_COMPONENT_SUFFIX = "-model";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_TOOL_ROUNDS = 5;
  public static final int MAX_TOOL_ROUNDS_LIMIT = 10;
  public static final String DEFAULT_MODEL_TIMEOUT = "60s";
  public static final String DEFAULT_RETENTION = "720h";
  public static final String MODEL_TIMEOUT_RANGE_MESSAGE = "must be from 1s to 10m";
  public static final String RETENTION_RANGE_MESSAGE = "must be from 1m to 87600h (10 years)";
  public static final String APP_ID_IMMUTABLE_MESSAGE = "appId cannot be changed: Dapr keys chat-api's conversations"
      + " by app-id, so a new one would lose them";

  @Default("true")
  @JsonPropertyDescription("Run chat-api. false removes everything the operator made for it (its conversations stay"
      + " in the state store until they expire).")
  private Boolean enabled;

  @Default(DEFAULT_APP_ID)
  @Pattern(Patterns.DNS1035_LABEL)
  @Size(min = 1, max = Patterns.APP_ID_MAX_LENGTH)
  @ValidationRule(value = "self == oldSelf", message = APP_ID_IMMUTABLE_MESSAGE)
  @JsonPropertyDescription("Dapr app-id of chat-api; also the name of its Deployment, Service and ServiceAccount."
      + " Immutable: Dapr prefixes its conversation keys with it.")
  private String appId;

  @Size(min = 1)
  @Pattern(Patterns.IMAGE)
  @JsonPropertyDescription("Container image of chat-api, e.g. registry.example.com/chat-api:1.0.0. Required unless"
      + " enabled is false.")
  private String image;

  @Min(0)
  @JsonPropertyDescription("Number of chat-api pods. Left out, the operator leaves the Deployment's replicas to others"
      + " (1 when it is created), e.g. a HorizontalPodAutoscaler: chat-api keeps nothing in memory between requests.")
  private Integer replicas;

  @Default("8080")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("HTTP port chat-api listens on.")
  private Integer port;

  @ValidationRule(value = ResourceRules.QUANTITIES, message = ResourceRules.QUANTITIES_MESSAGE)
  @ValidationRule(value = ResourceRules.REQUESTS_WITHIN_LIMITS, message = ResourceRules.REQUESTS_WITHIN_LIMITS_MESSAGE)
  @JsonPropertyDescription("Compute resources of the chat-api container.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("The model: which Dapr Conversation component reaches it. Required unless enabled is false.")
  private ChatModelSpec model;

  @Default("false")
  @JsonPropertyDescription("Dapr scrubs personal data (e-mail addresses, phone numbers, ...) from what is sent to the"
      + " model and from its answers.")
  private Boolean scrubPii;

  @Default(DEFAULT_RETENTION)
  @Pattern(Patterns.GO_DURATION)
  @ValidationRule(value = "duration(self) >= duration('1m') && duration(self) <= duration('87600h')",
      message = RETENTION_RANGE_MESSAGE)
  @JsonPropertyDescription("How long a conversation nobody writes to is kept (the state store's TTL on every write),"
      + " e.g. 720h for 30 days.")
  private String retention;

  @Default("5")
  @Min(1)
  @Max(MAX_TOOL_ROUNDS_LIMIT)
  @JsonPropertyDescription("Model calls per message that may ask for tools; one more call must then answer in text.")
  private Integer maxToolRounds;

  @Default(DEFAULT_MODEL_TIMEOUT)
  @Pattern(Patterns.GO_DURATION)
  @ValidationRule(value = "duration(self) >= duration('1s') && duration(self) <= duration('10m')",
      message = MODEL_TIMEOUT_RANGE_MESSAGE)
  @JsonPropertyDescription("How long one model call may take before the message fails with 503. A stopping pod waits"
      + " for the messages in flight: its termination grace period is this plus 20 s.")
  private String modelTimeout;

  @JsonPropertyDescription("Scheduling and metadata of the chat-api pods.")
  private PodSpecOverrides pod;

  public Boolean getEnabled() { return enabled; }
  public void setEnabled(Boolean enabled) { this.enabled = enabled; }
  public String getAppId() { return appId; }
  public void setAppId(String appId) { this.appId = appId; }
  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  public Integer getReplicas() { return replicas; }
  public void setReplicas(Integer replicas) { this.replicas = replicas; }
  public Integer getPort() { return port; }
  public void setPort(Integer port) { this.port = port; }
  public ResourceRequirements getResources() { return resources; }
  public void setResources(ResourceRequirements resources) { this.resources = resources; }
  public ChatModelSpec getModel() { return model; }
  public void setModel(ChatModelSpec model) { this.model = model; }
  public Boolean getScrubPii() { return scrubPii; }
  public void setScrubPii(Boolean scrubPii) { this.scrubPii = scrubPii; }
  public String getRetention() { return retention; }
  public void setRetention(String retention) { this.retention = retention; }
  public Integer getMaxToolRounds() { return maxToolRounds; }
  public void setMaxToolRounds(Integer maxToolRounds) { this.maxToolRounds = maxToolRounds; }
  public String getModelTimeout() { return modelTimeout; }
  public void setModelTimeout(String modelTimeout) { this.modelTimeout = modelTimeout; }
  public PodSpecOverrides getPod() { return pod; }
  public void setPod(PodSpecOverrides pod) { this.pod = pod; }
}
