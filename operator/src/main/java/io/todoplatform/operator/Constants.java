package io.todoplatform.operator;

import io.todoplatform.operator.api.v1alpha1.SecretStoreSpec;

/** Label, annotation and naming conventions shared by the renderer, the reconciler and the docs. */
public final class Constants {
  public static final String PART_OF = "todo-platform";
  public static final String MANAGED_BY = "todo-platform-operator";
  public static final String APP_NAME = "todo-backend";
  /** app.kubernetes.io/name of everything the operator makes for chat-api (its own application). */
  public static final String CHAT_APP_NAME = "todo-chat-api";

  public static final String LABEL_NAME = "app.kubernetes.io/name";
  public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
  public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
  public static final String LABEL_PART_OF = "app.kubernetes.io/part-of";
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";

  /** Pod-template annotation: a change of any Dapr resource the sidecar reads at start rolls the pods. */
  public static final String ANNOTATION_DAPR_RESOURCES_HASH = "platform.todo.io/dapr-resources-hash";
  /**
   * Pod-template annotation: a digest of the resourceVersions of the Secrets the sidecar and the app resolve at start
   * (Dapr reads secretKeyRefs once), so a rotated credential rolls the pods. Never derived from secret values.
   */
  public static final String ANNOTATION_SECRETS_HASH = "platform.todo.io/secrets-hash";
  /** "true" on a TodoPlatform stops every change to its children. */
  public static final String ANNOTATION_PAUSED = "platform.todo.io/paused";

  public static final String DAPR_GROUP = "dapr.io";
  public static final String DAPR_VERSION = "v1alpha1";
  public static final String DAPR_API_VERSION = DAPR_GROUP + "/" + DAPR_VERSION;
  public static final String KIND_COMPONENT = "Component";
  public static final String KIND_RESILIENCY = "Resiliency";
  public static final String KIND_CONFIGURATION = "Configuration";
  public static final String CRD_COMPONENTS = "components.dapr.io";
  public static final String CRD_RESILIENCIES = "resiliencies.dapr.io";
  public static final String CRD_CONFIGURATIONS = "configurations.dapr.io";

  /** Dapr's built-in store that resolves secretKeyRefs of Components with the Dapr operator's own RBAC. */
  public static final String DAPR_BUILTIN_KUBERNETES_STORE = SecretStoreSpec.RESERVED_NAME;

  /** The key of the app-token Secret that dapr.io/app-token-secret reads. */
  public static final String APP_TOKEN_SECRET_KEY = "token";

  /** The Secret (key jwt-secret) the backend and chat-api read the JWT signing secret from, through the secret store. */
  public static final String JWT_SECRET = "todo-auth";

  public static final String CONTAINER_NAME = "backend";
  public static final String CHAT_CONTAINER_NAME = "chat-api";
  public static final String PORT_NAME = "http";

  private Constants() {}
}
