package io.todoplatform.operator.reconciler;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import java.util.Objects;

/**
 * Reconcile on a spec change (a new generation) or a change of the pause annotation, but not on our own status
 * writes. Generation-aware processing alone would drop annotation-only updates, so pause/resume would never take
 * effect; this filter replaces it.
 */
public class SpecOrPauseChangedFilter implements OnUpdateFilter<TodoPlatform> {
  @Override
  public boolean accept(TodoPlatform updated, TodoPlatform old) {
    Long newGeneration = updated.getMetadata().getGeneration();
    Long oldGeneration = old.getMetadata().getGeneration();
    return !Objects.equals(newGeneration, oldGeneration)
        || PauseAnnotation.isPaused(updated) != PauseAnnotation.isPaused(old)
        || (updated.isMarkedForDeletion() && !old.isMarkedForDeletion());
  }
}
