package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.runtime.CompactItemStore;

/** The Role that lets the backend read exactly its allowed secrets. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.BACKEND, itemStore = CompactItemStore.class))
public class SecretReaderRoleDependent extends CRUDKubernetesDependentResource<Role, TodoPlatform> {
  public SecretReaderRoleDependent() {
    super(Role.class);
  }

  @Override
  protected Role desired(TodoPlatform primary, Context<TodoPlatform> context) {
    return DesiredStates.of(primary, context).secretReaderRole().orElseThrow();
  }
}
