package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** W3C trace propagation and, optionally, export to an OTLP collector. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TracingSpec {
  public static final String DEFAULT_SAMPLING_RATE = "1";

  @Default("\"1\"") // quoted: a string, not the number 1
  @Pattern(Patterns.SAMPLING_RATE)
  @JsonPropertyDescription("Share of requests traced, a decimal string from \"0\" to \"1\".")
  private String samplingRate;

  @JsonPropertyDescription("OTLP exporter; without it traces are propagated (traceparent) but not exported.")
  private OtlpSpec otlp;

  public String getSamplingRate() { return samplingRate; }
  public void setSamplingRate(String samplingRate) { this.samplingRate = samplingRate; }
  public OtlpSpec getOtlp() { return otlp; }
  public void setOtlp(OtlpSpec otlp) { this.otlp = otlp; }
}
