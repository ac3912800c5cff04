package io.todoplatform.operator.reconciler;

import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;

/** platform.todo.io/paused: "true" stops every change to the children until it is removed. */
final class PauseAnnotation {
  private PauseAnnotation() {}

  static boolean isPaused(TodoPlatform platform) {
    var annotations = platform.getMetadata().getAnnotations();
    return annotations != null && "true".equalsIgnoreCase(annotations.get(Constants.ANNOTATION_PAUSED));
  }
}
