package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Dapr Components: several of one kind, so a bulk dependent. A component the spec no longer renders (say the
 * scheduler was disabled) is deleted.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.MANAGED))
public class ComponentsDependent extends GenericKubernetesDependentResource<TodoPlatform>
    implements CRUDKubernetesBulkDependentResource<GenericKubernetesResource, TodoPlatform>,
        KubernetesBulkDependentResource<GenericKubernetesResource, TodoPlatform>,
        GarbageCollected<TodoPlatform> {

  public ComponentsDependent() {
    super(new GroupVersionKind(Constants.DAPR_GROUP, Constants.DAPR_VERSION, Constants.KIND_COMPONENT));
  }

  @Override
  public Map<ResourceID, GenericKubernetesResource> desiredResources(TodoPlatform primary,
      Context<TodoPlatform> context) {
    Map<ResourceID, GenericKubernetesResource> desired = new LinkedHashMap<>();
    for (GenericKubernetesResource component : DesiredStates.of(primary, context).components()) {
      desired.put(ResourceID.fromResource(component), component);
    }
    return desired;
  }

  @Override
  public Predicate<GenericKubernetesResource> secondaryResourceFilter(TodoPlatform primary,
      Context<TodoPlatform> context) {
    return resource -> DaprResourceMatching.isDapr(resource, Constants.KIND_COMPONENT);
  }
}
