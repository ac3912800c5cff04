package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.render.DesiredState;
import io.todoplatform.operator.render.Labels;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One of chat-api's children, applied while spec.chat is enabled ({@link ChatEnabled}). Its informer holds only
 * chat-api's objects ({@link Selectors#CHAT}), at most one per TodoPlatform, and it finds that one by its labels, not
 * by the rendered name: once chat is disabled nothing is rendered, yet the old object must be found to delete it.
 */
abstract class ChatDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, TodoPlatform> {
  private final Function<DesiredState, R> part;

  ChatDependent(Class<R> type, Function<DesiredState, R> part) {
    super(type);
    this.part = part;
  }

  @Override
  protected R desired(TodoPlatform primary, Context<TodoPlatform> context) {
    return part.apply(DesiredStates.of(primary, context));
  }

  @Override
  protected Optional<R> selectTargetSecondaryResource(Set<R> secondaryResources, TodoPlatform primary,
      Context<TodoPlatform> context) {
    return secondaryResources.stream().filter(Labels::isChat).findFirst();
  }
}
