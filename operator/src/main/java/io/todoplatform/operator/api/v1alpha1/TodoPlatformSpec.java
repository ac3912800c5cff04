package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Desired state of one todo platform: the backend, its sidecar and the Dapr resources it uses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[self.pubsub.name, self.stateStore.name, self.secretStore.name]"
        + ".all(n, [self.pubsub.name, self.stateStore.name, self.secretStore.name].exists_one(m, m == n))"
        + " && (!self.scheduler.enabled || !(self.scheduler.name in"
        + " [self.pubsub.name, self.stateStore.name, self.secretStore.name]))",
    message = "component names (pubsub.name, stateStore.name, secretStore.name, scheduler.name) must differ",
    // Not FieldValueDuplicate: the API server renders that reason as a bare "spec: Duplicate value", dropping
    // this message; FieldValueInvalid keeps it.
    reason = "FieldValueInvalid")
@ValidationRule(
    value = "!(self.backend.port in [3500, 50001, 50002, self.dapr.metricsPort])",
    message = "backend.port must differ from the sidecar's ports (3500, 50001, 50002 and dapr.metricsPort)",
    fieldPath = ".backend.port",
    reason = "FieldValueInvalid")
@ValidationRule(
    value = "!has(self.chat) || !has(self.chat.port) || !(self.chat.port in [3500, 50001, 50002, self.dapr.metricsPort])",
    message = "chat.port must differ from the sidecar's ports (3500, 50001, 50002 and dapr.metricsPort)",
    fieldPath = ".chat.port",
    reason = "FieldValueInvalid")
@ValidationRule(
    value = "!has(self.chat) || !has(self.chat.appId) || self.chat.appId != self.backend.appId",
    message = "chat.appId must differ from backend.appId: each app has its own Dapr identity",
    fieldPath = ".chat.appId",
    reason = "FieldValueInvalid")
@ValidationRule(
    value = "!has(self.chat) || !has(self.chat.appId) || !((self.chat.appId + '" + ChatSpec.MODEL_COMPONENT_SUFFIX
        + "') in [self.pubsub.name, self.stateStore.name, self.secretStore.name]"
        + " || (self.scheduler.enabled && self.scheduler.name == self.chat.appId + '" + ChatSpec.MODEL_COMPONENT_SUFFIX
        + "'))",
    message = "the chat model's Component is named after chat.appId (<appId>" + ChatSpec.MODEL_COMPONENT_SUFFIX
        + "), which is already the name of another component; rename that component",
    fieldPath = ".chat.appId",
    reason = "FieldValueInvalid")
public class TodoPlatformSpec {
  @Required
  @JsonPropertyDescription("The todo backend.")
  private BackendSpec backend;

  @JsonPropertyDescription("The Dapr sidecar of the backend.")
  // An empty default makes the API server apply the defaults of the fields inside.
  @Default("{}")
  private DaprSpec dapr;

  @Required
  @JsonPropertyDescription("Kafka pub/sub (pubsub.kafka).")
  private PubSubSpec pubsub;

  @Required
  @JsonPropertyDescription("PostgreSQL state store (state.postgresql v1).")
  private StateStoreSpec stateStore;

  @JsonPropertyDescription("Kubernetes secret store (secretstores.kubernetes).")
  // An empty default makes the API server apply the defaults of the fields inside.
  @Default("{}")
  private SecretStoreSpec secretStore;

  @JsonPropertyDescription("Reminder sweep (bindings.cron).")
  // An empty default makes the API server apply the defaults of the fields inside.
  @Default("{}")
  private SchedulerSpec scheduler;

  @JsonPropertyDescription("Timeouts, retries and a circuit breaker (a Dapr Resiliency). The backend's calls to the"
      + " pub/sub get all three; deliveries of events to the backend get deliveryTimeout and deliveryMaxRetries, then"
      + " the dead-letter topic; service-invocation calls into the backend get the timeout and the circuit breaker but"
      + " no retries (a repeated POST could create a task twice); the state store gets the timeout alone (its etag"
      + " conflicts are answers, not failures to retry).")
  // An empty default makes the API server apply the defaults of the fields inside.
  @Default("{}")
  private ResiliencySpec resiliency;

  @JsonPropertyDescription("chat-api, the Todo AI chatbot, on Dapr's Conversation API. Left out: no chat.")
  private ChatSpec chat;

  @JsonPropertyDescription("Further Dapr app-ids allowed to use the components, beside the backend's (and chat-api's,"
      + " which gets the state and secret stores by itself).")
  private List<@Pattern(Patterns.DNS1123_LABEL) String> scopes;

  public BackendSpec getBackend() { return backend; }
  public void setBackend(BackendSpec backend) { this.backend = backend; }
  public DaprSpec getDapr() { return dapr; }
  public void setDapr(DaprSpec dapr) { this.dapr = dapr; }
  public PubSubSpec getPubsub() { return pubsub; }
  public void setPubsub(PubSubSpec pubsub) { this.pubsub = pubsub; }
  public StateStoreSpec getStateStore() { return stateStore; }
  public void setStateStore(StateStoreSpec stateStore) { this.stateStore = stateStore; }
  public SecretStoreSpec getSecretStore() { return secretStore; }
  public void setSecretStore(SecretStoreSpec secretStore) { this.secretStore = secretStore; }
  public SchedulerSpec getScheduler() { return scheduler; }
  public void setScheduler(SchedulerSpec scheduler) { this.scheduler = scheduler; }
  public ResiliencySpec getResiliency() { return resiliency; }
  public void setResiliency(ResiliencySpec resiliency) { this.resiliency = resiliency; }
  public ChatSpec getChat() { return chat; }
  public void setChat(ChatSpec chat) { this.chat = chat; }
  public List<String> getScopes() { return scopes; }
  public void setScopes(List<String> scopes) { this.scopes = scopes; }
}
