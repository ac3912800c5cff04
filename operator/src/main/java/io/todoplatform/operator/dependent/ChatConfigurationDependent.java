package io.todoplatform.operator.dependent;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.dapr.v1alpha1.Configuration;
import io.todoplatform.operator.runtime.CompactItemStore;

/** chat-api's Dapr Configuration (tracing, metrics, secret scopes; nobody may invoke it). */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.CHAT, itemStore = CompactItemStore.class))
public class ChatConfigurationDependent extends ChatDependent<Configuration> {
  public ChatConfigurationDependent() {
    super(Configuration.class, desired -> desired.chatConfiguration().orElseThrow());
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
