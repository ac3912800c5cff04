package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.todoplatform.operator.Constants;
import java.util.List;
import java.util.Map;

/**
 * What a platform team sets on the pods of an app (the backend, chat-api) besides the operator's own settings: where
 * they run and extra labels and annotations. The operator's selector labels and the sidecar's dapr.io annotations stay its own.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodSpecOverrides {
  public static final String OWN_LABELS_MESSAGE = "must not set the labels the operator sets (app.kubernetes.io/name,"
      + " instance, component, part-of, managed-by): the Deployment and Service select the pods by them";
  public static final String OWN_ANNOTATIONS_MESSAGE = "must not set dapr.io/ or platform.todo.io/ annotations: the"
      + " operator sets the sidecar's annotations from the spec (spec.dapr)";

  /** What the backend pods' own annotations may total: 256 KiB (the API server's limit) less 8 KiB for the operator's. */
  public static final int MAX_ANNOTATION_BYTES = 248 * 1024;

  /** The operator's own label keys as a CEL list, from the constants the renderer uses. */
  private static final String OPERATOR_LABELS_CEL = "['" + Constants.LABEL_NAME + "', '" + Constants.LABEL_INSTANCE
      + "', '" + Constants.LABEL_COMPONENT + "', '" + Constants.LABEL_PART_OF + "', '" + Constants.LABEL_MANAGED_BY
      + "']";

  @ValidationRule(value = "self.all(k, !(k in " + OPERATOR_LABELS_CEL + "))", message = OWN_LABELS_MESSAGE,
      reason = "FieldValueForbidden")
  @JsonPropertyDescription("Extra labels of the pods (not the operator's app.kubernetes.io labels).")
  private Map<String, String> labels;

  @ValidationRule(value = "self.all(k, !k.startsWith('dapr.io/') && !k.startsWith('platform.todo.io/'))",
      message = OWN_ANNOTATIONS_MESSAGE, reason = "FieldValueForbidden")
  @JsonPropertyDescription("Extra annotations of the pods (not dapr.io/ or platform.todo.io/ ones).")
  private Map<String, String> annotations;

  @JsonPropertyDescription("Secrets with the credentials to pull the image.")
  private List<LocalObjectReference> imagePullSecrets;

  @JsonPropertyDescription("Node labels a node must have to run a pod.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations of the pods.")
  private List<Toleration> tolerations;

  @JsonPropertyDescription("Node and pod affinity of the pods.")
  private Affinity affinity;

  @JsonPropertyDescription("How the pods spread over zones or nodes.")
  private List<TopologySpreadConstraint> topologySpreadConstraints;

  @Pattern(Patterns.DNS1123_SUBDOMAIN)
  @JsonPropertyDescription("PriorityClass of the pods.")
  private String priorityClassName;

  public Map<String, String> getLabels() { return labels; }
  public void setLabels(Map<String, String> labels) { this.labels = labels; }
  public Map<String, String> getAnnotations() { return annotations; }
  public void setAnnotations(Map<String, String> annotations) { this.annotations = annotations; }
  public List<LocalObjectReference> getImagePullSecrets() { return imagePullSecrets; }
  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }
  public Map<String, String> getNodeSelector() { return nodeSelector; }
  public void setNodeSelector(Map<String, String> nodeSelector) { this.nodeSelector = nodeSelector; }
  public List<Toleration> getTolerations() { return tolerations; }
  public void setTolerations(List<Toleration> tolerations) { this.tolerations = tolerations; }
  public Affinity getAffinity() { return affinity; }
  public void setAffinity(Affinity affinity) { this.affinity = affinity; }
  public List<TopologySpreadConstraint> getTopologySpreadConstraints() { return topologySpreadConstraints; }
  public void setTopologySpreadConstraints(List<TopologySpreadConstraint> constraints) {
    this.topologySpreadConstraints = constraints;
  }
  public String getPriorityClassName() { return priorityClassName; }
  public void setPriorityClassName(String priorityClassName) { this.priorityClassName = priorityClassName; }

}
