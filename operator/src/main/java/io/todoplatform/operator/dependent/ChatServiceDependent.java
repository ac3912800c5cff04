package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.todoplatform.operator.runtime.CompactItemStore;

/** chat-api's Service. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.CHAT, itemStore = CompactItemStore.class))
public class ChatServiceDependent extends ChatDependent<Service> {
  public ChatServiceDependent() {
    super(Service.class, desired -> desired.chat().orElseThrow().service());
  }
}
