package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Policies of the Dapr Resiliency the operator renders. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResiliencySpec {
  public static final String DEFAULT_TIMEOUT = "5s";

  @JsonPropertyDescription("Retry policy.")
  // An empty default makes the API server apply the defaults of the fields inside.
  @Default("{}")
  private RetrySpec retry;

  @Default(DEFAULT_TIMEOUT)
  @Pattern(Patterns.GO_DURATION)
  @JsonPropertyDescription("Timeout of one call.")
  private String timeout;

  @JsonPropertyDescription("Circuit breaker.")
  // An empty default makes the API server apply the defaults of the fields inside.
  @Default("{}")
  private CircuitBreakerSpec circuitBreaker;

  public RetrySpec getRetry() { return retry; }
  public void setRetry(RetrySpec retry) { this.retry = retry; }
  public String getTimeout() { return timeout; }
  public void setTimeout(String timeout) { this.timeout = timeout; }
  public CircuitBreakerSpec getCircuitBreaker() { return circuitBreaker; }
  public void setCircuitBreaker(CircuitBreakerSpec circuitBreaker) { this.circuitBreaker = circuitBreaker; }
}
