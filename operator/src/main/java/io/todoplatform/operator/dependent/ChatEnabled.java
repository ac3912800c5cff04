package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;

/** spec.chat is enabled; when it is not (any more), java-operator-sdk deletes what the chat dependents applied. */
public class ChatEnabled implements Condition<HasMetadata, TodoPlatform> {
  @Override
  public boolean isMet(DependentResource<HasMetadata, TodoPlatform> dependentResource, TodoPlatform primary,
      Context<TodoPlatform> context) {
    return DesiredStates.of(primary, context).chat().isPresent();
  }
}
