package io.todoplatform.operator.render;

import io.todoplatform.operator.api.v1alpha1.ResiliencySpec;
import io.todoplatform.operator.api.v1alpha1.RetryPolicyType;
import io.todoplatform.operator.api.v1alpha1.RetrySpec;
import io.todoplatform.operator.dapr.v1alpha1.Resiliency;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.Policies;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.Targets;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.policies.CircuitBreakers;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.policies.Retries;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.targets.Apps;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.targets.Components;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.targets.components.Inbound;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.targets.components.Outbound;
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

  static Resiliency render(RenderContext context) {
    ResiliencySpec resiliency = context.spec().getResiliency();
    // Insertion-ordered maps throughout: Map.of iterates in a per-JVM random order, which would reorder the
    // output (and change the rollout hash) from one operator start to the next.
    Policies policies = new Policies();
    policies.setTimeouts(ordered(TIMEOUT, resiliency.getTimeout()));
    policies.setRetries(ordered(RETRY, retry(resiliency.getRetry())));
    CircuitBreakers breaker = new CircuitBreakers();
    breaker.setMaxRequests(resiliency.getCircuitBreaker().getMaxRequests().longValue());
    breaker.setTimeout(resiliency.getCircuitBreaker().getTimeout());
    breaker.setTrip(resiliency.getCircuitBreaker().getTrip());
    policies.setCircuitBreakers(ordered(CIRCUIT_BREAKER, breaker));

    Map<String, Components> components = new LinkedHashMap<>();
    Components pubsub = new Components();
    pubsub.setOutbound(allPolicies(new Outbound()));
    pubsub.setInbound(allPolicies(new Inbound()));
    components.put(context.spec().getPubsub().getName(), pubsub);
    // The state store gets the timeout only. The todo-app writes with etags (optimistic concurrency), so an etag
    // mismatch is an expected answer, yet Dapr counts it as a failed call: it would retry a failed transaction
    // (which cannot succeed with the same etag, so the app's call times out into a 503), and a circuit breaker
    // would open on a burst of concurrent edits and then refuse every state call. Found by the e2e tests.
    Outbound stateTimeout = new Outbound();
    stateTimeout.setTimeout(TIMEOUT);
    Components state = new Components();
    state.setOutbound(stateTimeout);
    components.put(context.spec().getStateStore().getName(), state);
    Apps app = new Apps();
    app.setTimeout(TIMEOUT);
    app.setRetry(RETRY);
    app.setCircuitBreaker(CIRCUIT_BREAKER);
    Targets targets = new Targets();
    targets.setApps(ordered(context.spec().getBackend().getAppId(), app));
    targets.setComponents(components);

    io.todoplatform.operator.dapr.v1alpha1.ResiliencySpec spec = new io.todoplatform.operator.dapr.v1alpha1.ResiliencySpec();
    spec.setPolicies(policies);
    spec.setTargets(targets);
    Resiliency resource = DaprResources.withMetadata(new Resiliency(), context.platform(),
        context.names().resiliency(), COMPONENT);
    resource.setSpec(spec);
    resource.setScopes(context.scopes());
    return resource;
  }

  private static Retries retry(RetrySpec retry) {
    Retries policy = new Retries();
    policy.setPolicy(retry.getPolicy().wireValue());
    if (retry.getPolicy() == RetryPolicyType.CONSTANT) {
      policy.setDuration(retry.getDuration());
    } else {
      policy.setMaxInterval(retry.getMaxInterval());
    }
    policy.setMaxRetries(retry.getMaxRetries().longValue());
    return policy;
  }

  private static Outbound allPolicies(Outbound target) {
    target.setTimeout(TIMEOUT);
    target.setRetry(RETRY);
    target.setCircuitBreaker(CIRCUIT_BREAKER);
    return target;
  }

  private static Inbound allPolicies(Inbound target) {
    target.setTimeout(TIMEOUT);
    target.setRetry(RETRY);
    target.setCircuitBreaker(CIRCUIT_BREAKER);
    return target;
  }

  private static <V> Map<String, V> ordered(String key, V value) {
    Map<String, V> map = new LinkedHashMap<>();
    map.put(key, value);
    return map;
  }
}
