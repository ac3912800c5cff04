package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recommended app.kubernetes.io labels of every child. The TodoPlatform's own labels are never copied: GitOps
 * tools track their objects by label and would claim the children as theirs.
 */
public final class Labels {
  private Labels() {}

  public static Map<String, String> of(TodoPlatform platform, String component) {
    return of(platform, Constants.APP_NAME, component);
  }

  /** chat-api's children: an application of its own (app.kubernetes.io/name), so no selector of the backend's matches. */
  public static Map<String, String> chat(TodoPlatform platform) {
    return of(platform, Constants.CHAT_APP_NAME, ChatRenderer.COMPONENT);
  }

  public static Map<String, String> chatSelector(TodoPlatform platform) {
    return selector(platform, Constants.CHAT_APP_NAME, ChatRenderer.COMPONENT);
  }

  /** Whether an object is one of chat-api's children. */
  public static boolean isChat(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && Constants.CHAT_APP_NAME.equals(labels.get(Constants.LABEL_NAME));
  }

  private static Map<String, String> of(TodoPlatform platform, String appName, String component) {
    Map<String, String> labels = new LinkedHashMap<>(selector(platform, appName, component));
    labels.put(Constants.LABEL_PART_OF, Constants.PART_OF);
    labels.put(Constants.LABEL_MANAGED_BY, Constants.MANAGED_BY);
    return labels;
  }

  /** The backend pods' selector as a string (status.selector, which the scale subresource hands to autoscalers). */
  public static String backendSelector(TodoPlatform platform) {
    StringBuilder selector = new StringBuilder();
    selector(platform, DeploymentRenderer.COMPONENT).forEach((key, value) ->
        selector.append(selector.length() == 0 ? "" : ",").append(key).append('=').append(value));
    return selector.toString();
  }

  /** The stable subset used in the Deployment's selector (immutable once created). */
  public static Map<String, String> selector(TodoPlatform platform, String component) {
    return selector(platform, Constants.APP_NAME, component);
  }

  private static Map<String, String> selector(TodoPlatform platform, String appName, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Constants.LABEL_NAME, appName);
    labels.put(Constants.LABEL_INSTANCE, platform.getMetadata().getName());
    labels.put(Constants.LABEL_COMPONENT, component);
    return labels;
  }
}
