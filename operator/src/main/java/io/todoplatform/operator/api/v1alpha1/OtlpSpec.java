package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Where the sidecar exports traces. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OtlpSpec {
  @Required
  @Size(min = 1)
  @JsonPropertyDescription("OTLP collector address, host:port, e.g. otel-collector.observability:4317.")
  private String endpoint;

  @Default("grpc")
  @JsonPropertyDescription("OTLP transport: grpc or http.")
  private OtlpProtocol protocol;

  @Default("false")
  @JsonPropertyDescription("Send traces without TLS (Dapr's isSecure defaults to true, so this must be said).")
  private Boolean insecure;

  public String getEndpoint() { return endpoint; }
  public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
  public OtlpProtocol getProtocol() { return protocol; }
  public void setProtocol(OtlpProtocol protocol) { this.protocol = protocol; }
  public Boolean getInsecure() { return insecure; }
  public void setInsecure(Boolean insecure) { this.insecure = insecure; }
}
