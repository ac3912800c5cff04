package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;

/** The Dapr Resiliency with the retry, timeout and circuit-breaker policies. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.MANAGED))
public class ResiliencyDependent extends SingleDaprResourceDependent {
  public ResiliencyDependent() {
    super(Constants.KIND_RESILIENCY);
  }

  @Override
  protected GenericKubernetesResource desired(TodoPlatform primary, Context<TodoPlatform> context) {
    return DesiredStates.of(primary, context).resiliency();
  }
}
