package io.todoplatform.operator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.event.EventSourceManager;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.todoplatform.operator.checks.DaprCrds;
import io.todoplatform.operator.reconciler.TodoPlatformReconciler;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the informers of the Dapr dependents (Components, Resiliency, both Configurations) as the operator starts,
 * when Dapr's CRDs exist, on every replica, standbys included.
 *
 * <p>Why: those dependents have an activation condition (Dapr may not be installed yet), so java-operator-sdk
 * registers and starts their informers only at the first reconciliation a replica runs, and every reconciliation
 * thread waits for them there. A standby that took over listed thousands of Dapr objects first (at 1,000 platforms,
 * 8,000: 2 to 4 s), while every spec change made meanwhile waited (docs/benchmarks.md, "The operator at scale").
 * This registers them exactly as that first reconciliation would (the dependent's own event source, through the
 * event-source manager), so the first reconciliation finds them running. Without Dapr's CRDs nothing changes: the
 * activation condition starts them once Dapr is installed.
 *
 * <p>java-operator-sdk exposes a controller's workflow only in a private field, read here by reflection. If an
 * upgrade renames it, the informers start at the first reconciliation as before, a warning says so, and
 * DaprInformersAtStartKubeApiServerIT fails.
 */
final class DaprInformersAtStart {
  private static final Logger LOG = LoggerFactory.getLogger(DaprInformersAtStart.class);
  private static final String WORKFLOW_FIELD = "managedWorkflow";

  private DaprInformersAtStart() {}

  /** @return the names of the dependents whose informers it started */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static List<String> start(Operator operator, KubernetesClient client) {
    List<String> started = new ArrayList<>();
    if (!DaprCrds.of(client).installedNow()) {
      return started;
    }
    try {
      Controller<?> controller = (Controller<?>) operator.getRuntimeInfo()
          .getRegisteredController(TodoPlatformReconciler.NAME);
      Field field = Controller.class.getDeclaredField(WORKFLOW_FIELD);
      field.setAccessible(true);
      Workflow<?> workflow = (Workflow<?>) field.get(controller);
      Set<DependentResource> unconditional = Set.copyOf(workflow.getDependentResourcesWithoutActivationCondition());
      EventSourceManager<HasMetadata> manager = (EventSourceManager<HasMetadata>) controller.getEventSourceManager();
      workflow.getDependentResourcesByName().forEach((name, dependent) -> {
        if (!unconditional.contains(dependent)) {
          Optional<? extends EventSource<Object, HasMetadata>> source =
              ((DependentResource<Object, HasMetadata>) dependent)
                  .eventSource(manager.eventSourceContextForDynamicRegistration());
          source.ifPresent(manager::dynamicallyRegisterEventSource);
          started.add(name);
        }
      });
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("could not start the Dapr informers at start ({}): they start at the first reconciliation instead,"
          + " which delays it by the time they take to list", e.toString());
    }
    return started;
  }
}
