package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.render.ResourceNames;
import io.todoplatform.operator.runtime.CompactItemStore;

/** The backend's PodDisruptionBudget, while it has more than one pod (see {@link DisruptionBudgetWanted}). */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.MANAGED, itemStore = CompactItemStore.class))
public class DisruptionBudgetDependent extends CRUDKubernetesDependentResource<PodDisruptionBudget, TodoPlatform> {
  public DisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected PodDisruptionBudget desired(TodoPlatform primary, Context<TodoPlatform> context) {
    return DesiredStates.of(primary, context).disruptionBudget().orElseThrow();
  }

  /** By name, not from desired(): when the budget is no longer wanted there is none, yet the old one must be found. */
  @Override
  protected ResourceID targetSecondaryResourceID(TodoPlatform primary, Context<TodoPlatform> context) {
    return new ResourceID(ResourceNames.of(DesiredStates.of(primary, context).effectiveSpec()).podDisruptionBudget(),
        primary.getMetadata().getNamespace());
  }
}
