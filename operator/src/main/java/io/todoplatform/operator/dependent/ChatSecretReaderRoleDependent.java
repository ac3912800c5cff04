package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.todoplatform.operator.runtime.CompactItemStore;

/** The Role that lets chat-api read the JWT secret and nothing else. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.CHAT, itemStore = CompactItemStore.class))
public class ChatSecretReaderRoleDependent extends ChatDependent<Role> {
  public ChatSecretReaderRoleDependent() {
    super(Role.class, desired -> desired.chat().orElseThrow().secretReaderRole());
  }
}
