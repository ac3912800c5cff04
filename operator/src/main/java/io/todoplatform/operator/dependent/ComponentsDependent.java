package io.todoplatform.operator.dependent;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.runtime.CompactItemStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Dapr Components: several of one kind, so a bulk dependent. A component the spec no longer renders (say the
 * scheduler was disabled) is deleted.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.MANAGED, itemStore = CompactItemStore.class))
public class ComponentsDependent extends KubernetesDependentResource<Component, TodoPlatform>
    implements CRUDKubernetesBulkDependentResource<Component, TodoPlatform>,
        KubernetesBulkDependentResource<Component, TodoPlatform>, GarbageCollected<TodoPlatform> {

  public ComponentsDependent() {
    super(Component.class);
  }

  @Override
  public Map<ResourceID, Component> desiredResources(TodoPlatform primary, Context<TodoPlatform> context) {
    Map<ResourceID, Component> desired = new LinkedHashMap<>();
    for (Component component : DesiredStates.of(primary, context).components()) {
      desired.put(ResourceID.fromResource(component), component);
    }
    return desired;
  }

  /** Started once, not at every reconciliation ({@link StartOnceInformerEventSource}). */
  @Override
  protected InformerEventSource<Component, TodoPlatform> createEventSource(
      EventSourceContext<TodoPlatform> context) {
    setEventSource(StartOnceInformerEventSource.of(informerConfigurationBuilder(context),
        getSecondaryToPrimaryMapper(context), name(), configuration(), context));
    return eventSource().orElseThrow();
  }
}
