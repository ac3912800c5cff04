package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;

/** The todo backend Deployment and its Dapr identity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackendSpec {
  public static final String DEFAULT_APP_ID = "backend";
  public static final int DEFAULT_PORT = 8000;
  public static final int DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 45;
  public static final int MIN_TERMINATION_GRACE_PERIOD_SECONDS = 15;
  public static final int MAX_ENV = 1000;
  public static final String APP_ID_IMMUTABLE_MESSAGE = "appId cannot be changed: Dapr keys the backend's state, its"
      + " Kafka consumer group and its Scheduler jobs by app-id, so a new one would orphan them; create a new"
      + " TodoPlatform instead";

  @Required
  @Size(min = 1)
  @Pattern(Patterns.IMAGE)
  @JsonPropertyDescription("Container image of the todo backend, e.g. registry.example.com/todo-app:1.0.0.")
  private String image;

  @Min(0)
  @Max(Integer.MAX_VALUE)
  @SpecReplicas
  @JsonPropertyDescription("Number of backend pods. Left out, the operator leaves the Deployment's replicas to others"
      + " (1 when it is created), so a HorizontalPodAutoscaler may scale the Deployment; an autoscaler may also scale"
      + " the TodoPlatform itself through its scale subresource.")
  private Integer replicas;

  @Default(DEFAULT_APP_ID)
  // RFC 1035, not 1123: the app-id is the name of the backend's Service, which must start with a letter.
  @Pattern(Patterns.DNS1035_LABEL)
  @Size(min = 1, max = Patterns.APP_ID_MAX_LENGTH)
  @ValidationRule(value = "self == oldSelf", message = APP_ID_IMMUTABLE_MESSAGE)
  @JsonPropertyDescription(
      "Dapr app-id of the backend; also the name of its Deployment, Service and ServiceAccount. A DNS-1035 label"
          + " (a letter first) of at most 58 characters (Dapr adds \"-dapr\" for its own Service). Immutable: Dapr prefixes the"
          + " state keys with it, the Kafka consumer group defaults to it and Scheduler jobs belong to it.")
  private String appId;

  @Default("8000")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("HTTP port the backend listens on (the Dapr app-port).")
  private Integer port;

  @ValidationRule(value = ResourceRules.QUANTITIES, message = ResourceRules.QUANTITIES_MESSAGE)
  @ValidationRule(value = ResourceRules.REQUESTS_WITHIN_LIMITS, message = ResourceRules.REQUESTS_WITHIN_LIMITS_MESSAGE)
  @JsonPropertyDescription("Compute resources of the backend container.")
  private ResourceRequirements resources;

  // Bounded, or the API server finds the rules below too costly for the CRD.
  @Size(max = MAX_ENV)
  // Not the name's characters (SpecValidator checks them): a regular expression per item exceeds the cost budget.
  @ValidationRule(value = "self.all(e, has(e.name) && e.name.size() > 0)", message = "every variable needs a name",
      reason = "FieldValueRequired")
  @ValidationRule(value = "self.all(e, !has(e.name) || !(e.name in " + ResourceRules.OPERATOR_ENV_CEL + "))",
      message = "must not set the variables the operator sets from the spec (" + ResourceRules.OPERATOR_ENV_LIST + ")",
      reason = "FieldValueForbidden")
  @JsonPropertyDescription("Extra environment variables for the backend container.")
  private List<EnvVar> env;

  @Default("45")
  @Min(MIN_TERMINATION_GRACE_PERIOD_SECONDS)
  @Max(Integer.MAX_VALUE)
  @JsonPropertyDescription("How long a stopping pod may take: the app drains requests and flushes its outbox while"
      + " the sidecar keeps serving it (dapr.io/block-shutdown-duration, 10 s less), then the sidecar stops.")
  private Integer terminationGracePeriodSeconds;

  @JsonPropertyDescription("Scheduling and metadata of the backend pods.")
  private PodSpecOverrides pod;

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
  public Integer getTerminationGracePeriodSeconds() { return terminationGracePeriodSeconds; }
  public void setTerminationGracePeriodSeconds(Integer seconds) { this.terminationGracePeriodSeconds = seconds; }
  public PodSpecOverrides getPod() { return pod; }
  public void setPod(PodSpecOverrides pod) { this.pod = pod; }
}
