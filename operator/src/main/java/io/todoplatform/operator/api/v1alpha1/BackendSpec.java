package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/** The todo backend Deployment and its Dapr identity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackendSpec {
  public static final int DEFAULT_REPLICAS = 1;
  public static final String DEFAULT_APP_ID = "backend";
  public static final int DEFAULT_PORT = 8000;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("Container image of the todo backend, e.g. registry.example.com/todo-app:1.0.0.")
  private String image;

  @Default("1")
  @Min(0)
  @JsonPropertyDescription("Number of backend pods.")
  private Integer replicas;

  @Default(DEFAULT_APP_ID)
  @Pattern(Patterns.DNS1123_LABEL)
  @Size(min = 1, max = Patterns.APP_ID_MAX_LENGTH)
  @JsonPropertyDescription(
      "Dapr app-id of the backend; also the name of its Deployment, Service and ServiceAccount. A DNS-1123 label"
          + " of at most 58 characters (Dapr adds \"-dapr\" for its own Service).")
  private String appId;

  @Default("8000")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("HTTP port the backend listens on (the Dapr app-port).")
  private Integer port;

  @JsonPropertyDescription("Compute resources of the backend container.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Extra environment variables for the backend container.")
  private List<EnvVar> env;

  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  public Integer getReplicas() { return replicas; }
  public void setReplicas(Integer replicas) { this.replicas = replicas; }
  public String getAppId() { return appId; }
  public void setAppId(String appId) { this.appId = appId; }
  public Integer getPort() { return port; }
  public void setPort(Integer port) { this.port = port; }
  public ResourceRequirements getResources() { return resources; }
  public void setResources(ResourceRequirements resources) { this.resources = resources; }
  public List<EnvVar> getEnv() { return env; }
  public void setEnv(List<EnvVar> env) { this.env = env; }
}
