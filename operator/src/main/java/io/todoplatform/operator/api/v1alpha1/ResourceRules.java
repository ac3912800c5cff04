package io.todoplatform.operator.api.v1alpha1;

/**
 * CEL rules of the CRD that the generated schema of Kubernetes' own types cannot carry: resource quantities and the
 * variables the operator owns. SpecValidator checks the same in Java (SpecValidatorAgreementKubeApiServerIT).
 */
final class ResourceRules {
  private static final String REQUEST = "quantity(string(self.requests[k]))";
  private static final String LIMIT = "quantity(string(self.limits[k]))";
  private static final String ZERO = "quantity('0')";

  // cpu and memory only: a rule over every key of these unbounded maps costs more than the API server allows a CRD
  // (SpecValidator checks every resource; SpecValidatorAgreementKubeApiServerIT lists this as the known gap).
  static final String QUANTITIES = "['cpu', 'memory'].all(k, (!has(self.requests) || !(k in self.requests)"
      + " || (isQuantity(string(self.requests[k])) && !" + REQUEST + ".isLessThan(" + ZERO + ")))"
      + " && (!has(self.limits) || !(k in self.limits)"
      + " || (isQuantity(string(self.limits[k])) && !" + LIMIT + ".isLessThan(" + ZERO + "))))";
  static final String QUANTITIES_MESSAGE = "the cpu and memory requests and limits must be quantities of at least 0,"
      + " e.g. 100m, 0.5, 128Mi, 1Gi";

  static final String REQUESTS_WITHIN_LIMITS = "!has(self.requests) || !has(self.limits) || ['cpu', 'memory'].all(k,"
      + " !(k in self.requests) || !(k in self.limits) || !isQuantity(string(self.requests[k]))"
      + " || !isQuantity(string(self.limits[k])) || " + REQUEST + ".compareTo(" + LIMIT + ") <= 0)";
  static final String REQUESTS_WITHIN_LIMITS_MESSAGE = "the cpu and memory requests must not exceed their limits";

  private static final String SIDECAR_CPU_REQUEST = "(has(self.requests) && 'cpu' in self.requests"
      + " ? string(self.requests['cpu']) : '" + SidecarSpec.DEFAULT_CPU_REQUEST + "')";
  private static final String SIDECAR_CPU_LIMIT = "(has(self.limits) && 'cpu' in self.limits"
      + " ? string(self.limits['cpu']) : '" + SidecarSpec.DEFAULT_CPU_LIMIT + "')";
  private static final String SIDECAR_MEMORY_REQUEST = "(has(self.requests) && 'memory' in self.requests"
      + " ? string(self.requests['memory']) : '" + SidecarSpec.DEFAULT_MEMORY_REQUEST + "')";
  private static final String SIDECAR_MEMORY_LIMIT = "(has(self.limits) && 'memory' in self.limits"
      + " ? string(self.limits['memory']) : '" + SidecarSpec.DEFAULT_MEMORY_LIMIT + "')";
  static final String SIDECAR_CPU_WITHIN_LIMIT = "!isQuantity(" + SIDECAR_CPU_REQUEST + ") || !isQuantity("
      + SIDECAR_CPU_LIMIT + ") || quantity(" + SIDECAR_CPU_REQUEST + ").compareTo(quantity(" + SIDECAR_CPU_LIMIT
      + ")) <= 0";
  static final String SIDECAR_MEMORY_WITHIN_LIMIT = "!isQuantity(" + SIDECAR_MEMORY_REQUEST + ") || !isQuantity("
      + SIDECAR_MEMORY_LIMIT + ") || quantity(" + SIDECAR_MEMORY_REQUEST + ").compareTo(quantity("
      + SIDECAR_MEMORY_LIMIT + ")) <= 0";

  /** The variables of the environment contract (render.AppEnvironment.ALL; a test keeps both lists equal). */
  static final String OPERATOR_ENV_LIST = "PORT, TODO_RUNTIME, TODO_APP_ID, TODO_PUBSUB_NAME, TODO_TOPIC_TASK_EVENTS,"
      + " TODO_TOPIC_TASK_UPDATES, TODO_TOPIC_REMINDERS, TOPIC_DEAD_LETTERS, TODO_STATESTORE_NAME,"
      + " TODO_SECRETSTORE_NAME, TODO_SWEEP_BINDING, APP_API_TOKEN";
  static final String OPERATOR_ENV_CEL = "['PORT', 'TODO_RUNTIME', 'TODO_APP_ID', 'TODO_PUBSUB_NAME',"
      + " 'TODO_TOPIC_TASK_EVENTS', 'TODO_TOPIC_TASK_UPDATES', 'TODO_TOPIC_REMINDERS', 'TOPIC_DEAD_LETTERS',"
      + " 'TODO_STATESTORE_NAME', 'TODO_SECRETSTORE_NAME', 'TODO_SWEEP_BINDING', 'APP_API_TOKEN']";

  private ResourceRules() {}
}
