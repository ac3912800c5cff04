package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.todoplatform.operator.runtime.CompactItemStore;

/** Binds chat-api's secret-reader Role to its ServiceAccount. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.CHAT, itemStore = CompactItemStore.class))
public class ChatSecretReaderBindingDependent extends ChatDependent<RoleBinding> {
  public ChatSecretReaderBindingDependent() {
    super(RoleBinding.class, desired -> desired.chat().orElseThrow().secretReaderBinding());
  }
}
