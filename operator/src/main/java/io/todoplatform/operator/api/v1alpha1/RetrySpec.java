package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Retries of the backend's calls to the broker (publishing). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetrySpec {
  public static final int DEFAULT_MAX_RETRIES = 3;
  public static final String DEFAULT_MAX_INTERVAL = "15s";
  public static final String DEFAULT_DURATION = "1s";

  @Default("exponential")
  @JsonPropertyDescription("constant or exponential backoff.")
  private RetryPolicyType policy;

  @Default("3")
  @Min(-1)
  @Max(Integer.MAX_VALUE)
  @JsonPropertyDescription("Retries after the first attempt; -1 retries forever.")
  private Integer maxRetries;

  @Default(DEFAULT_MAX_INTERVAL)
  @Pattern(Patterns.GO_DURATION)
  @JsonPropertyDescription("Longest wait between two attempts (exponential).")
  private String maxInterval;

  @Default(DEFAULT_DURATION)
  @Pattern(Patterns.GO_DURATION)
  @JsonPropertyDescription("Wait between two attempts (constant).")
  private String duration;

  public RetryPolicyType getPolicy() { return policy; }
  public void setPolicy(RetryPolicyType policy) { this.policy = policy; }
  public Integer getMaxRetries() { return maxRetries; }
  public void setMaxRetries(Integer maxRetries) { this.maxRetries = maxRetries; }
  public String getMaxInterval() { return maxInterval; }
  public void setMaxInterval(String maxInterval) { this.maxInterval = maxInterval; }
  public String getDuration() { return duration; }
  public void setDuration(String duration) { this.duration = duration; }
}
