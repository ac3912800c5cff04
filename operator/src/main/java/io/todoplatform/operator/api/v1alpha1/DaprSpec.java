package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How the Dapr sidecar of the backend runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DaprSpec {
  public static final int DEFAULT_METRICS_PORT = 9090;

  @Default("info")
  @JsonPropertyDescription("Sidecar log level: debug, info, warn or error.")
  private LogLevel logLevel;

  @Default("false")
  @JsonPropertyDescription("Sidecar logs as JSON.")
  private Boolean logAsJson;

  @Default("true")
  @JsonPropertyDescription("Sidecar serves Prometheus metrics on metricsPort.")
  private Boolean enableMetrics;

  @Default("9090")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port of the sidecar's metrics endpoint.")
  private Integer metricsPort;

  @JsonPropertyDescription("Resources of the daprd container.")
  // An empty default makes the API server apply the defaults of the fields inside.
  @Default("{}")
  private SidecarSpec sidecar;

  @JsonPropertyDescription(
      "Secret (key \"token\") the sidecar sends to the app as header dapr-api-token, so only the sidecar can call"
          + " the app's Dapr-facing routes.")
  private SecretNameRef appTokenSecretRef;

  @JsonPropertyDescription("Distributed tracing.")
  // An empty default makes the API server apply the defaults of the fields inside.
  @Default("{}")
  private TracingSpec tracing;

  public LogLevel getLogLevel() { return logLevel; }
  public void setLogLevel(LogLevel logLevel) { this.logLevel = logLevel; }
  public Boolean getLogAsJson() { return logAsJson; }
  public void setLogAsJson(Boolean logAsJson) { this.logAsJson = logAsJson; }
  public Boolean getEnableMetrics() { return enableMetrics; }
  public void setEnableMetrics(Boolean enableMetrics) { this.enableMetrics = enableMetrics; }
  public Integer getMetricsPort() { return metricsPort; }
  public void setMetricsPort(Integer metricsPort) { this.metricsPort = metricsPort; }
  public SidecarSpec getSidecar() { return sidecar; }
  public void setSidecar(SidecarSpec sidecar) { this.sidecar = sidecar; }
  public SecretNameRef getAppTokenSecretRef() { return appTokenSecretRef; }
  public void setAppTokenSecretRef(SecretNameRef appTokenSecretRef) { this.appTokenSecretRef = appTokenSecretRef; }
  public TracingSpec getTracing() { return tracing; }
  public void setTracing(TracingSpec tracing) { this.tracing = tracing; }
}
