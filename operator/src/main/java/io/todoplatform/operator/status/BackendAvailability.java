package io.todoplatform.operator.status;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.todoplatform.operator.api.v1alpha1.BackendStatus;
import java.util.Optional;

/**
 * Whether an app's Deployment (the backend's, chat-api's) has finished rolling out: the controller has seen its
 * latest generation, every replica runs the current pod template, and all of them are available.
 */
public record BackendAvailability(boolean available, String reason, String message, BackendStatus counts) {
  /**
   * The Deployment controller's own verdict, as {@code kubectl rollout status} reads it: it stops waiting for a
   * rollout that makes no progress, so a crash-looping pod is not reported as a rollout that passes by itself.
   */
  static boolean progressDeadlineExceeded(Deployment deployment) {
    var status = deployment.getStatus();
    return status != null && status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus())
            && "ProgressDeadlineExceeded".equals(c.getReason()));
  }

  public static BackendAvailability of(Optional<Deployment> deployment, int desiredReplicas) {
    return of("backend", deployment, desiredReplicas);
  }

  /** @param app what the messages call the app: "backend", "chat-api" */
  public static BackendAvailability of(String app, Optional<Deployment> deployment, int desiredReplicas) {
    if (deployment.isEmpty()) {
      return new BackendAvailability(false, Reason.PROGRESSING, "the " + app + " Deployment does not exist yet",
          new BackendStatus(0, 0, 0));
    }
    Deployment actual = deployment.get();
    var status = actual.getStatus();
    int replicas = status == null || status.getReplicas() == null ? 0 : status.getReplicas();
    int ready = status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
    int updated = status == null || status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
    int available = status == null || status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas();
    Long observed = status == null ? null : status.getObservedGeneration();
    BackendStatus counts = new BackendStatus(replicas, ready, updated);
    Long generation = actual.getMetadata().getGeneration();
    boolean seen = generation == null || (observed != null && observed >= generation);
    if (!seen) {
      return new BackendAvailability(false, Reason.ROLLING_OUT,
          "the Deployment controller has not yet observed the latest " + app + " Deployment", counts);
    }
    if (desiredReplicas == 0 && replicas == 0) {
      return new BackendAvailability(true, Reason.SCALED_TO_ZERO, "the " + app + " is scaled to zero replicas", counts);
    }
    if (updated >= desiredReplicas && available >= desiredReplicas && replicas == updated) {
      return new BackendAvailability(true, Reason.AVAILABLE,
          available + "/" + desiredReplicas + " " + app + " replicas available and up to date", counts);
    }
    if (progressDeadlineExceeded(actual)) {
      return new BackendAvailability(false, Reason.ROLLOUT_STUCK, "the " + app + "'s rollout made no progress within the"
          + " Deployment's progressDeadlineSeconds (" + updated + "/" + desiredReplicas + " replicas updated, "
          + available + "/" + desiredReplicas + " available): its pods do not become ready. Look at them"
          + " (kubectl get pods -l " + selector(actual) + "): a container in"
          + " CrashLoopBackOff (the daprd log says why: a component that cannot connect or load), an image that"
          + " cannot be pulled, or a pod that cannot be scheduled", counts);
    }
    return new BackendAvailability(false, Reason.ROLLING_OUT, "rolling out: " + updated + "/" + desiredReplicas
        + " replicas updated, " + available + "/" + desiredReplicas + " available", counts);
  }

  private static String selector(Deployment deployment) {
    var selector = deployment.getSpec() == null ? null : deployment.getSpec().getSelector();
    if (selector == null || selector.getMatchLabels() == null) {
      return "app.kubernetes.io/name=todo-backend";
    }
    StringBuilder labels = new StringBuilder();
    selector.getMatchLabels().forEach((key, value) ->
        labels.append(labels.length() == 0 ? "" : ",").append(key).append('=').append(value));
    return labels.toString();
  }
}
