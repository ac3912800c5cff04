package io.todoplatform.operator.status;

/** The condition types a TodoPlatform reports. */
public final class ConditionType {
  /** Everything applied, the backend (and chat-api) available: what ArgoCD's health check reads. */
  public static final String READY = "Ready";
  /** Every child (RBAC, Dapr resources, Service, Deployment) applied as rendered. */
  public static final String COMPONENTS_READY = "ComponentsReady";
  /** The Deployment has all replicas updated and available. */
  public static final String BACKEND_AVAILABLE = "BackendAvailable";
  /** chat-api's Deployment has all replicas updated and available (only while spec.chat is enabled). */
  public static final String CHAT_AVAILABLE = "ChatAvailable";
  /** The platform.todo.io/paused annotation stops every change to the children. */
  public static final String PAUSED = "Paused";

  private ConditionType() {}
}
