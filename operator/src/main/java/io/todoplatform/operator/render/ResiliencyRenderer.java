package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.ResiliencySpec;
import io.todoplatform.operator.api.v1alpha1.RetryPolicyType;
import io.todoplatform.operator.api.v1alpha1.RetrySpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Retry, timeout and circuit-breaker policies as a Dapr Resiliency: the place Dapr reads them from (pubsub.kafka has
 * no maxRetries/retryBackoff metadata).
 */
final class ResiliencyRenderer {
  static final String COMPONENT = "resiliency";
  static final String TIMEOUT = "general";
  static final String RETRY = "retry";
  static final String CIRCUIT_BREAKER = "circuit-breaker";

  private ResiliencyRenderer() {}

  static GenericKubernetesResource render(RenderContext context) {
    ResiliencySpec resiliency = context.spec().getResiliency();
    Map<String, Object> policies = new LinkedHashMap<>();
    policies.put("timeouts", Map.of(TIMEOUT, resiliency.getTimeout()));
    policies.put("retries", Map.of(RETRY, retry(resiliency.getRetry())));
    Map<String, Object> breaker = new LinkedHashMap<>();
    breaker.put("maxRequests", resiliency.getCircuitBreaker().getMaxRequests());
    breaker.put("timeout", resiliency.getCircuitBreaker().getTimeout());
    breaker.put("trip", resiliency.getCircuitBreaker().getTrip());
    policies.put("circuitBreakers", Map.of(CIRCUIT_BREAKER, breaker));

    Map<String, Object> components = new LinkedHashMap<>();
    // Insertion-ordered maps throughout: Map.of iterates in a per-JVM random order, which would reorder the
    // output (and change the rollout hash) from one operator start to the next.
    Map<String, Object> pubsubTargets = new LinkedHashMap<>();
    pubsubTargets.put("outbound", allPolicies());
    pubsubTargets.put("inbound", allPolicies());
    components.put(context.spec().getPubsub().getName(), pubsubTargets);
    // The state store gets the timeout only. The todo-app writes with etags (optimistic concurrency), so an etag
    // mismatch is an expected answer, yet Dapr counts it as a failed call: it would retry a failed transaction
    // (which cannot succeed with the same etag, so the app's call times out into a 503), and a circuit breaker
    // would open on a burst of concurrent edits and then refuse every state call. Found by the e2e tests.
    components.put(context.spec().getStateStore().getName(), Map.of("outbound", Map.of("timeout", TIMEOUT)));
    Map<String, Object> targets = new LinkedHashMap<>();
    targets.put("apps", Map.of(context.spec().getBackend().getAppId(), allPolicies()));
    targets.put("components", components);

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("policies", policies);
    spec.put("targets", targets);
    GenericKubernetesResource resource = DaprResources.object(context.platform(), Constants.KIND_RESILIENCY,
        context.names().resiliency(), COMPONENT, spec);
    resource.setAdditionalProperty("scopes", context.scopes());
    return resource;
  }

  private static Map<String, Object> retry(RetrySpec retry) {
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("policy", retry.getPolicy().wireValue());
    if (retry.getPolicy() == RetryPolicyType.CONSTANT) {
      policy.put("duration", retry.getDuration());
    } else {
      policy.put("maxInterval", retry.getMaxInterval());
    }
    policy.put("maxRetries", retry.getMaxRetries());
    return policy;
  }

  private static Map<String, Object> allPolicies() {
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("timeout", TIMEOUT);
    target.put("retry", RETRY);
    target.put("circuitBreaker", CIRCUIT_BREAKER);
    return target;
  }
}
