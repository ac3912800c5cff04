package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** Resources of the injected daprd container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SidecarSpec {
  @JsonPropertyDescription(
      "Requests and limits (cpu, memory) of the daprd sidecar. Each one left out takes its default:"
          + " requests cpu 100m, memory 128Mi; limits cpu 200m, memory 256Mi.")
  private ResourceRequirements resources;

  public ResourceRequirements getResources() { return resources; }
  public void setResources(ResourceRequirements resources) { this.resources = resources; }
}
