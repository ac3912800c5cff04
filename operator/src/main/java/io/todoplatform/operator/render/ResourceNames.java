package io.todoplatform.operator.render;

import io.todoplatform.operator.api.v1alpha1.TodoPlatformSpec;

/** Names of the children, all derived from the spec so that a reviewer can predict them. */
public record ResourceNames(String appId) {
  public static ResourceNames of(TodoPlatformSpec spec) {
    return new ResourceNames(spec.getBackend().getAppId());
  }

  public String deployment() { return appId; }
  public String service() { return appId; }
  public String serviceAccount() { return appId; }
  public String secretReaderRole() { return appId + "-secret-reader"; }
  public String resiliency() { return appId + "-resiliency"; }
  public String configuration() { return appId + "-config"; }
  public String podDisruptionBudget() { return appId; }
  /** The app-token Secret the operator generates when the spec names none. */
  public String generatedAppTokenSecret() { return appId + "-app-token"; }
}
