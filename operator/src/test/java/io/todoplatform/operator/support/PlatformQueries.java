package io.todoplatform.operator.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import java.util.List;
import java.util.function.Consumer;

/** What the operator's integration tests read and change on a cluster, mock or real (platforms named "todo"). */
public final class PlatformQueries {
  public static final String NAME = "todo";

  private PlatformQueries() {}

  public static void create(KubernetesClient client, TodoPlatform platform) {
    client.resources(TodoPlatform.class).inNamespace(platform.getMetadata().getNamespace()).resource(platform)
        .create();
  }

  /** Edits the spec as a user would; the operator may write the status at the same moment (409): read again, retry. */
  public static void edit(KubernetesClient client, String ns, Consumer<TodoPlatform> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client.resources(TodoPlatform.class).inNamespace(ns).withName(NAME).edit(p -> {
          change.accept(p);
          return p;
        });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  public static TodoPlatform platform(KubernetesClient client, String ns) {
    return client.resources(TodoPlatform.class).inNamespace(ns).withName(NAME).get();
  }

  public static Deployment deployment(KubernetesClient client, String ns) {
    return client.apps().deployments().inNamespace(ns).withName("backend").get();
  }

  public static String podHash(KubernetesClient client, String ns) {
    return deployment(client, ns).getSpec().getTemplate().getMetadata().getAnnotations()
        .get(Constants.ANNOTATION_DAPR_RESOURCES_HASH);
  }

  public static List<Component> components(KubernetesClient client, String ns) {
    return client.resources(Component.class).inNamespace(ns).list().getItems();
  }

  /** A Dapr object (Component, Resiliency, Configuration) by name, or null. */
  public static <T extends HasMetadata> T dapr(KubernetesClient client, String ns, Class<T> type, String name) {
    return client.resources(type).inNamespace(ns).withName(name).get();
  }
}
