package io.todoplatform.operator.dependent;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.dapr.v1alpha1.Resiliency;
import io.todoplatform.operator.runtime.CompactItemStore;

/** The Dapr Resiliency with the retry, timeout and circuit-breaker policies. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.MANAGED, itemStore = CompactItemStore.class))
public class ResiliencyDependent extends CRUDKubernetesDependentResource<Resiliency, TodoPlatform> {
  public ResiliencyDependent() {
    super(Resiliency.class);
  }

  @Override
  protected Resiliency desired(TodoPlatform primary, Context<TodoPlatform> context) {
    return DesiredStates.of(primary, context).resiliency();
  }

  /** Started once, not at every reconciliation ({@link StartOnceInformerEventSource}). */
  @Override
  protected InformerEventSource<Resiliency, TodoPlatform> createEventSource(
      EventSourceContext<TodoPlatform> context) {
    setEventSource(StartOnceInformerEventSource.of(informerConfigurationBuilder(context),
        getSecondaryToPrimaryMapper(context), name(), configuration(), context));
    return eventSource().orElseThrow();
  }
}
