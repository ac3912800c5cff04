package io.todoplatform.operator.dependent;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.dapr.v1alpha1.Configuration;
import io.todoplatform.operator.runtime.CompactItemStore;

/** The Dapr Configuration (tracing, metrics, secret scopes) the sidecar is started with. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.BACKEND, itemStore = CompactItemStore.class))
public class DaprConfigurationDependent extends CRUDKubernetesDependentResource<Configuration, TodoPlatform> {
  public DaprConfigurationDependent() {
    super(Configuration.class);
  }

  @Override
  protected Configuration desired(TodoPlatform primary, Context<TodoPlatform> context) {
    return DesiredStates.of(primary, context).configuration();
  }

  /** Started once, not at every reconciliation ({@link StartOnceInformerEventSource}). */
  @Override
  protected InformerEventSource<Configuration, TodoPlatform> createEventSource(
      EventSourceContext<TodoPlatform> context) {
    setEventSource(StartOnceInformerEventSource.of(informerConfigurationBuilder(context),
        getSecondaryToPrimaryMapper(context), name(), configuration(), context));
    return eventSource().orElseThrow();
  }
}
