package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.runtime.CompactItemStore;

/** The backend's ServiceAccount. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.BACKEND, itemStore = CompactItemStore.class))
public class ServiceAccountDependent extends CRUDKubernetesDependentResource<ServiceAccount, TodoPlatform> {
  public ServiceAccountDependent() {
    super(ServiceAccount.class);
  }

  @Override
  protected ServiceAccount desired(TodoPlatform primary, Context<TodoPlatform> context) {
    return DesiredStates.of(primary, context).serviceAccount().orElseThrow();
  }
}
