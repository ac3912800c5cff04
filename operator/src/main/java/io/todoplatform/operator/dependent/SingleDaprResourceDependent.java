package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** One dapr.io/v1alpha1 object of a kind per TodoPlatform (the Resiliency, the Configuration). */
abstract class SingleDaprResourceDependent extends GenericKubernetesDependentResource<TodoPlatform>
    implements Creator<GenericKubernetesResource, TodoPlatform>, Updater<GenericKubernetesResource, TodoPlatform>,
        GarbageCollected<TodoPlatform> {
  private final String kind;

  SingleDaprResourceDependent(String kind) {
    super(new GroupVersionKind(Constants.DAPR_GROUP, Constants.DAPR_VERSION, kind));
    this.kind = kind;
  }

  @Override
  protected Optional<GenericKubernetesResource> selectTargetSecondaryResource(
      Set<GenericKubernetesResource> secondaryResources, TodoPlatform primary, Context<TodoPlatform> context) {
    // Every Dapr dependent sees all GenericKubernetesResources: keep only this kind before matching by name.
    return super.selectTargetSecondaryResource(secondaryResources.stream()
        .filter(resource -> DaprResourceMatching.isDapr(resource, kind))
        .collect(Collectors.toSet()), primary, context);
  }
}
