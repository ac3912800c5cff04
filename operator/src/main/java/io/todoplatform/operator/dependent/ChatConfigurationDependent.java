package io.todoplatform.operator.dependent;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.todoplatform.operator.dapr.v1alpha1.Configuration;
import io.todoplatform.operator.runtime.CompactItemStore;

/** chat-api's Dapr Configuration (tracing, metrics, secret scopes; nobody may invoke it). */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.CHAT, itemStore = CompactItemStore.class))
public class ChatConfigurationDependent extends ChatDependent<Configuration> {
  public ChatConfigurationDependent() {
    super(Configuration.class, desired -> desired.chatConfiguration().orElseThrow());
  }
}
