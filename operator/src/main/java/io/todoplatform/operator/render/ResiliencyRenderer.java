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
  static final String DELIVERY = "delivery";

  private ResiliencyRenderer() {}

  static Resiliency render(RenderContext context) {
    ResiliencySpec resiliency = context.spec().getResiliency();
    // Insertion-ordered maps throughout: Map.of iterates in a per-JVM random order, which would reorder the
    // output (and change the rollout hash) from one operator start to the next.
    Policies policies = new Policies();
    Map<String, String> timeouts = ordered(TIMEOUT, resiliency.getTimeout());
    timeouts.put(DELIVERY, resiliency.getDeliveryTimeout());
    policies.setTimeouts(timeouts);
    Map<String, Retries> retries = ordered(RETRY, retry(resiliency.getRetry()));
    retries.put(DELIVERY, deliveryRetry(resiliency));
    policies.setRetries(retries);
    CircuitBreakers breaker = new CircuitBreakers();
    breaker.setMaxRequests(resiliency.getCircuitBreaker().getMaxRequests().longValue());
    breaker.setTimeout(resiliency.getCircuitBreaker().getTimeout());
    breaker.setTrip(resiliency.getCircuitBreaker().getTrip());
    policies.setCircuitBreakers(ordered(CIRCUIT_BREAKER, breaker));

    Map<String, Components> components = new LinkedHashMap<>();
    Components pubsub = new Components();
    pubsub.setOutbound(allPolicies(new Outbound()));
    pubsub.setInbound(delivery());
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
    // Service invocation into the backend: a timeout and the circuit breaker, no retries. A call that timed out may
    // have been processed (a POST that created a task), and Dapr cannot tell which failures prove otherwise; the
    // caller decides whether to repeat it.
    Apps app = new Apps();
    app.setTimeout(TIMEOUT);
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
    resource.setScopes(context.scopesWithChat());
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

  /**
   * Deliveries of events to the backend: a timeout longer than its slowest handler (the general one would cut a slow
   * handler off and deliver the event again while it still runs) and a bounded number of redeliveries, after which
   * the event goes to the subscription's dead-letter topic. No circuit breaker: an open one would send every event to
   * the dead-letter topic at once.
   */
  private static Inbound delivery() {
    Inbound target = new Inbound();
    target.setTimeout(DELIVERY);
    target.setRetry(DELIVERY);
    return target;
  }

  private static Retries deliveryRetry(ResiliencySpec resiliency) {
    Retries policy = new Retries();
    policy.setPolicy(RetryPolicyType.EXPONENTIAL.wireValue());
    policy.setMaxInterval(resiliency.getRetry().getMaxInterval());
    policy.setMaxRetries(resiliency.getDeliveryMaxRetries().longValue());
    return policy;
  }

  private static Outbound allPolicies(Outbound target) {
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
