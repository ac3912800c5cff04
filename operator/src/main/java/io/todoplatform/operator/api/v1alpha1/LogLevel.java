package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The sidecar log levels daprd accepts. */
public enum LogLevel {
  @JsonProperty("debug") DEBUG,
  @JsonProperty("info") INFO,
  @JsonProperty("warn") WARN,
  @JsonProperty("error") ERROR;

  public String wireValue() { return name().toLowerCase(java.util.Locale.ROOT); }
}
