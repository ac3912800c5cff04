package io.todoplatform.operator.render;

import static io.todoplatform.operator.render.DaprResources.value;

import io.todoplatform.operator.dapr.v1alpha1.Component;
import java.util.List;

/**
 * The bindings.cron Component that triggers the reminder sweep (there is no "scheduler" component type: exact-time
 * reminders use the Jobs API, which needs no component). Scoped to the backend alone: the sweep is its route, and
 * every other app in spec.scopes would receive the cron's POSTs too.
 */
final class SweepBindingRenderer {
  static final String COMPONENT = "scheduler";

  private SweepBindingRenderer() {}

  static Component render(RenderContext context) {
    var scheduler = context.spec().getScheduler();
    // direction=input: without it the sidecar first probes OPTIONS /<name> and may never start the binding.
    return DaprResources.component(context.platform(), scheduler.getName(), COMPONENT, "bindings.cron",
        List.of(value("schedule", scheduler.getSweepSchedule()), value("direction", "input")),
        null, null, List.of(context.spec().getBackend().getAppId()));
  }
}
