package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed: conditions, the generation they describe, and the children it manages. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TodoPlatformStatus {
  private Long observedGeneration;
  private List<Condition> conditions = new ArrayList<>();
  private String appId;
  private List<String> components;
  private BackendStatus backend;
  /** chat-api, while spec.chat is enabled. */
  private ChatStatus chat;
  /** The backend pods' label selector, for the scale subresource (an autoscaler finds the pods by it). */
  @LabelSelector
  private String selector;

  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public String getAppId() { return appId; }
  public void setAppId(String appId) { this.appId = appId; }
  public List<String> getComponents() { return components; }
  public void setComponents(List<String> components) { this.components = components; }
  public BackendStatus getBackend() { return backend; }
  public void setBackend(BackendStatus backend) { this.backend = backend; }
  public ChatStatus getChat() { return chat; }
  public void setChat(ChatStatus chat) { this.chat = chat; }
  public String getSelector() { return selector; }
  public void setSelector(String selector) { this.selector = selector; }

  public Condition condition(String type) {
    return conditions == null ? null
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
