package io.todoplatform.operator.render;

import io.todoplatform.operator.api.v1alpha1.ChatSpec;

/** Names of chat-api's children, all derived from its app-id. */
public record ChatNames(String appId) {
  public String deployment() { return appId; }
  public String service() { return appId; }
  public String serviceAccount() { return appId; }
  public String secretReaderRole() { return appId + "-secret-reader"; }
  public String configuration() { return appId + "-config"; }
  /** The Dapr Conversation component chat-api talks to the model through. */
  public String modelComponent() { return appId + ChatSpec.MODEL_COMPONENT_SUFFIX; }
}
