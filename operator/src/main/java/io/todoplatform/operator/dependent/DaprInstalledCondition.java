package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.checks.DaprCrds;

/**
 * Activates the Dapr dependents (and so their informers) only once the Dapr CRDs exist: an informer on a missing
 * CRD would fail and make the operator unhealthy on a cluster that simply has no Dapr yet.
 */
public class DaprInstalledCondition implements Condition<HasMetadata, TodoPlatform> {
  @Override
  public boolean isMet(DependentResource<HasMetadata, TodoPlatform> dependentResource,
      TodoPlatform primary, Context<TodoPlatform> context) {
    return DaprCrds.of(context.getClient()).installed();
  }
}
