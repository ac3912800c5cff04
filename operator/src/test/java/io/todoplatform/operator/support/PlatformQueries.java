package io.todoplatform.operator.support;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
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

  public static void edit(KubernetesClient client, String ns, Consumer<TodoPlatform> change) {
    client.resources(TodoPlatform.class).inNamespace(ns).withName(NAME).edit(p -> {
      change.accept(p);
      return p;
    });
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

  public static List<GenericKubernetesResource> components(KubernetesClient client, String ns) {
    return client.genericKubernetesResources(Constants.DAPR_API_VERSION, Constants.KIND_COMPONENT).inNamespace(ns)
        .list().getItems();
  }

  public static GenericKubernetesResource dapr(KubernetesClient client, String ns, String kind, String name) {
    return client.genericKubernetesResources(Constants.DAPR_API_VERSION, kind).inNamespace(ns).withName(name).get();
  }
}
