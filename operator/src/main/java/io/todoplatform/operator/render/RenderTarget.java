package io.todoplatform.operator.render;

/** Where the rendered resources go. */
public enum RenderTarget {
  /** A cluster: workload objects, RBAC and the Dapr resources, secrets through Kubernetes. */
  KUBERNETES,
  /** {@code daprd --resources-path} on a laptop or in tests: Dapr resources only, secrets from a local file. */
  SELFHOSTED
}
