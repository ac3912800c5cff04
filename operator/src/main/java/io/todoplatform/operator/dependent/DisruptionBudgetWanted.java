package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;

/** The render has a PodDisruptionBudget; when it has none, java-operator-sdk deletes the one applied before. */
public class DisruptionBudgetWanted implements Condition<PodDisruptionBudget, TodoPlatform> {
  @Override
  public boolean isMet(DependentResource<PodDisruptionBudget, TodoPlatform> dependentResource, TodoPlatform primary,
      Context<TodoPlatform> context) {
    return DesiredStates.of(primary, context).disruptionBudget().isPresent();
  }
}
