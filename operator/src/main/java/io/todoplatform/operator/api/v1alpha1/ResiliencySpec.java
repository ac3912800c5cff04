package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Policies of the Dapr Resiliency the operator renders. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResiliencySpec {
  public static final String DEFAULT_TIMEOUT = "5s";
  public static final String DEFAULT_DELIVERY_TIMEOUT = "60s";
  public static final int DEFAULT_DELIVERY_MAX_RETRIES = 3;

  @JsonPropertyDescription("Retry policy of the backend's calls to the pub/sub.")
  // An empty default makes the API server apply the defaults of the fields inside.
  @Default("{}")
  private RetrySpec retry;

  @Default(DEFAULT_TIMEOUT)
  @Pattern(Patterns.GO_DURATION)
  @JsonPropertyDescription("Timeout of one call of the backend to the pub/sub or the state store, and of one"
      + " service-invocation call into the backend.")
  private String timeout;

  @JsonPropertyDescription("Circuit breaker of the backend's calls to the pub/sub and of service-invocation calls"
      + " into the backend.")
  // An empty default makes the API server apply the defaults of the fields inside.
  @Default("{}")
  private CircuitBreakerSpec circuitBreaker;

  @Default(DEFAULT_DELIVERY_TIMEOUT)
  @Pattern(Patterns.GO_DURATION)
  @JsonPropertyDescription("Timeout of one delivery of a pub/sub event to the backend: longer than its slowest"
      + " handler, so an event is not delivered again while the first delivery is still running.")
  private String deliveryTimeout;

  @Default("3")
  @Min(0)
  @Max(Integer.MAX_VALUE)
  @JsonPropertyDescription("Redeliveries of an event the backend failed to process (exponential backoff up to"
      + " retry.maxInterval) before it goes to spec.pubsub.deadLetterTopic.")
  private Integer deliveryMaxRetries;

  public RetrySpec getRetry() { return retry; }
  public void setRetry(RetrySpec retry) { this.retry = retry; }
  public String getTimeout() { return timeout; }
  public void setTimeout(String timeout) { this.timeout = timeout; }
  public String getDeliveryTimeout() { return deliveryTimeout; }
  public void setDeliveryTimeout(String deliveryTimeout) { this.deliveryTimeout = deliveryTimeout; }
  public Integer getDeliveryMaxRetries() { return deliveryMaxRetries; }
  public void setDeliveryMaxRetries(Integer deliveryMaxRetries) { this.deliveryMaxRetries = deliveryMaxRetries; }
  public CircuitBreakerSpec getCircuitBreaker() { return circuitBreaker; }
  public void setCircuitBreaker(CircuitBreakerSpec circuitBreaker) { this.circuitBreaker = circuitBreaker; }
}
