package io.todoplatform.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.render.DesiredState;
import io.todoplatform.operator.render.RenderOptions;
import io.todoplatform.operator.render.TodoPlatformRenderer;

/**
 * The render of the TodoPlatform being reconciled, computed once per reconciliation and shared by every dependent:
 * all of them apply parts of the same {@link DesiredState} that `render` prints.
 */
public final class DesiredStates {
  private static final String KEY = DesiredStates.class.getName();

  private DesiredStates() {}

  public static DesiredState of(TodoPlatform primary, Context<TodoPlatform> context) {
    var shared = context.managedWorkflowAndDependentResourceContext();
    return shared.get(KEY, DesiredState.class).orElseGet(() ->
        shared.put(KEY, TodoPlatformRenderer.render(primary, RenderOptions.kubernetes())));
  }

  /** The reconciler renders first (to validate) and hands the result to the dependents. */
  public static void remember(DesiredState state, Context<TodoPlatform> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, state);
  }
}
