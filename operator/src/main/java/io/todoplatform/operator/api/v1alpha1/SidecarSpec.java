package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** Resources of the injected daprd container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SidecarSpec {
  public static final String DEFAULT_CPU_REQUEST = "100m";
  public static final String DEFAULT_MEMORY_REQUEST = "128Mi";
  public static final String DEFAULT_CPU_LIMIT = "200m";
  public static final String DEFAULT_MEMORY_LIMIT = "256Mi";

  @ValidationRule(value = ResourceRules.QUANTITIES, message = ResourceRules.QUANTITIES_MESSAGE)
  @ValidationRule(value = ResourceRules.REQUESTS_WITHIN_LIMITS, message = ResourceRules.REQUESTS_WITHIN_LIMITS_MESSAGE)
  // The sidecar's defaults count: a cpu request above 200m with no cpu limit exceeds the default limit.
  @ValidationRule(value = ResourceRules.SIDECAR_CPU_WITHIN_LIMIT, message = "the cpu request must not exceed the cpu"
      + " limit (left out: request " + DEFAULT_CPU_REQUEST + ", limit " + DEFAULT_CPU_LIMIT + ")")
  @ValidationRule(value = ResourceRules.SIDECAR_MEMORY_WITHIN_LIMIT, message = "the memory request must not exceed the"
      + " memory limit (left out: request " + DEFAULT_MEMORY_REQUEST + ", limit " + DEFAULT_MEMORY_LIMIT + ")")
  @JsonPropertyDescription(
      "Requests and limits (cpu, memory) of the daprd sidecar. Each one left out takes its default:"
          + " requests cpu 100m, memory 128Mi; limits cpu 200m, memory 256Mi.")
  private ResourceRequirements resources;

  public ResourceRequirements getResources() { return resources; }
  public void setResources(ResourceRequirements resources) { this.resources = resources; }
}
