package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.runtime.CompactItemStore;

/** The backend Deployment with its sidecar annotations. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.BACKEND, itemStore = CompactItemStore.class))
public class DeploymentDependent extends CRUDKubernetesDependentResource<Deployment, TodoPlatform> {

  public DeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(TodoPlatform primary, Context<TodoPlatform> context) {
    return DesiredStates.of(primary, context).deployment().orElseThrow();
  }
}
