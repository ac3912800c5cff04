package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The Dapr Configuration (tracing, metrics, secret scopes) the sidecar is started with. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.MANAGED))
public class DaprConfigurationDependent extends GenericKubernetesDependentResource<TodoPlatform>
    implements Creator<GenericKubernetesResource, TodoPlatform>, Updater<GenericKubernetesResource, TodoPlatform>,
        GarbageCollected<TodoPlatform> {

  public DaprConfigurationDependent() {
    super(new GroupVersionKind(Constants.DAPR_GROUP, Constants.DAPR_VERSION, Constants.KIND_CONFIGURATION));
  }

  @Override
  protected GenericKubernetesResource desired(TodoPlatform primary, Context<TodoPlatform> context) {
    return DesiredStates.of(primary, context).configuration();
  }

  @Override
  protected Optional<GenericKubernetesResource> selectTargetSecondaryResource(
      Set<GenericKubernetesResource> secondaryResources, TodoPlatform primary, Context<TodoPlatform> context) {
    // Every Dapr dependent sees all GenericKubernetesResources: keep only this kind before matching by name.
    return super.selectTargetSecondaryResource(secondaryResources.stream()
        .filter(resource -> DaprResourceMatching.isDapr(resource, Constants.KIND_CONFIGURATION))
        .collect(Collectors.toSet()), primary, context);
  }
}
