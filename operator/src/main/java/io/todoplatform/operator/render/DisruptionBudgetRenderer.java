package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Optional;

/**
 * A PodDisruptionBudget for a backend of several pods (or of as many as an autoscaler decides): a node drain
 * evicts one pod at a time, so the backend keeps serving. One pod alone gets none: it would only block drains.
 */
final class DisruptionBudgetRenderer {
  private DisruptionBudgetRenderer() {}

  static Optional<PodDisruptionBudget> render(RenderContext context) {
    Integer replicas = context.spec().getBackend().getReplicas();
    if (replicas != null && replicas <= 1) {
      return Optional.empty();
    }
    return Optional.of(new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(context.names().podDisruptionBudget())
        .withNamespace(context.platform().getMetadata().getNamespace())
        .withLabels(Labels.of(context.platform(), DeploymentRenderer.COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector().withMatchLabels(Labels.selector(context.platform(), DeploymentRenderer.COMPONENT))
        .endSelector()
        .endSpec()
        .build());
  }
}
