package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfig;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import java.util.Optional;

/**
 * The informer of a dependent with an activation condition ({@link DaprInstalledCondition}), started once.
 *
 * <p>Why: java-operator-sdk 5.2.3 registers such a dependent's event source anew at every reconciliation of every
 * TodoPlatform, and each time calls {@code InformerEventSource.start()}, which, even when the informer already runs,
 * indexes every object in its cache again, under the event source's monitor. So each reconciliation cost as much as
 * the cluster held, and the reconciliation threads queued behind each other: the benchmark's 10,000 platforms slowed
 * from 6 to 1 reconciliation a second as they converged, 85% of the operator's CPU in that index. A running informer
 * keeps its index up to date from its own events; stopped (the condition turned false) and started again, it indexes
 * as before.
 */
final class StartOnceInformerEventSource<R extends HasMetadata> extends InformerEventSource<R, TodoPlatform> {

  private StartOnceInformerEventSource(InformerEventSourceConfiguration<R> configuration,
      EventSourceContext<TodoPlatform> context) {
    super(configuration, context);
  }

  @Override
  public synchronized void start() {
    if (!isRunning()) {
      super.start();
    }
  }

  /**
   * What {@code KubernetesDependentResource.createEventSource} builds, from the dependent's own parts (protected there,
   * so each dependent passes them).
   */
  static <R extends HasMetadata> InformerEventSource<R, TodoPlatform> of(
      InformerEventSourceConfiguration.Builder<R> informer, Optional<SecondaryToPrimaryMapper<R>> mapper, String name,
      Optional<KubernetesDependentResourceConfig<R>> configuration, EventSourceContext<TodoPlatform> context) {
    informer.withSecondaryToPrimaryMapper(mapper.orElseThrow()).withName(name);
    configuration.map(KubernetesDependentResourceConfig::informerConfig).ifPresent(informer::updateFrom);
    return new StartOnceInformerEventSource<>(informer.build(), context);
  }
}
