package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Transport of the OpenTelemetry exporter in Dapr's Configuration. */
public enum OtlpProtocol {
  @JsonProperty("grpc") GRPC,
  @JsonProperty("http") HTTP;

  public String wireValue() { return name().toLowerCase(java.util.Locale.ROOT); }
}
