package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.todoplatform.operator.runtime.CompactItemStore;

/** chat-api's ServiceAccount. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.CHAT, itemStore = CompactItemStore.class))
public class ChatServiceAccountDependent extends ChatDependent<ServiceAccount> {
  public ChatServiceAccountDependent() {
    super(ServiceAccount.class, desired -> desired.chat().orElseThrow().serviceAccount());
  }
}
