package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Backoff shape of a Dapr retry policy. */
public enum RetryPolicyType {
  @JsonProperty("constant") CONSTANT,
  @JsonProperty("exponential") EXPONENTIAL;

  public String wireValue() { return name().toLowerCase(java.util.Locale.ROOT); }
}
