package io.todoplatform.operator.dependent;

/** Workflow names of dependents the reconciler refers to (also the names of their informers). */
public final class DependentNames {
  public static final String DEPLOYMENT = "deployment";
  public static final String CHAT_SERVICE_ACCOUNT = "chat-service-account";
  public static final String CHAT_SECRET_READER_ROLE = "chat-secret-reader-role";
  public static final String CHAT_SECRET_READER_BINDING = "chat-secret-reader-binding";
  public static final String CHAT_CONFIGURATION = "chat-dapr-configuration";
  public static final String CHAT_SERVICE = "chat-service";
  public static final String CHAT_DEPLOYMENT = "chat-deployment";

  private DependentNames() {}
}
