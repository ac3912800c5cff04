package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.runtime.CompactItemStore;

/** The backend's Service. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.BACKEND, itemStore = CompactItemStore.class))
public class ServiceDependent extends CRUDKubernetesDependentResource<Service, TodoPlatform> {
  public ServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(TodoPlatform primary, Context<TodoPlatform> context) {
    return DesiredStates.of(primary, context).service().orElseThrow();
  }
}
