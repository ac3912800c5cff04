package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Stops calling a failing dependency for a while. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CircuitBreakerSpec {
  public static final String DEFAULT_TRIP = "consecutiveFailures > 5";
  public static final String DEFAULT_TIMEOUT = "30s";
  public static final int DEFAULT_MAX_REQUESTS = 1;

  @Default(DEFAULT_TRIP)
  @Size(min = 1)
  // Not blank either, as SpecValidator says: Dapr cannot parse an expression of spaces.
  @Pattern("\\S")
  @JsonPropertyDescription("CEL expression that opens the breaker, e.g. consecutiveFailures > 5.")
  private String trip;

  @Default(DEFAULT_TIMEOUT)
  @Pattern(Patterns.GO_DURATION)
  @JsonPropertyDescription("How long the breaker stays open before it lets a probe through.")
  private String timeout;

  @Default("1")
  @Min(1)
  @Max(Integer.MAX_VALUE)
  @JsonPropertyDescription("Requests let through while half-open.")
  private Integer maxRequests;

  public String getTrip() { return trip; }
  public void setTrip(String trip) { this.trip = trip; }
  public String getTimeout() { return timeout; }
  public void setTimeout(String timeout) { this.timeout = timeout; }
  public Integer getMaxRequests() { return maxRequests; }
  public void setMaxRequests(Integer maxRequests) { this.maxRequests = maxRequests; }
}
