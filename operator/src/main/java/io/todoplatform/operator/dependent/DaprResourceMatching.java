package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.todoplatform.operator.Constants;

/** All Dapr dependents share one Java type; they tell their objects apart by kind. */
final class DaprResourceMatching {
  private DaprResourceMatching() {}

  static boolean isDapr(GenericKubernetesResource resource, String kind) {
    return kind.equals(resource.getKind()) && Constants.DAPR_API_VERSION.equals(resource.getApiVersion());
  }
}
