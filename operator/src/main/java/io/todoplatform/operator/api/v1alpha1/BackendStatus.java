package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;

/** Replica counts of the backend Deployment as last observed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackendStatus {
  @StatusReplicas
  private Integer replicas;
  private Integer readyReplicas;
  private Integer updatedReplicas;

  public BackendStatus() {}

  public BackendStatus(Integer replicas, Integer readyReplicas, Integer updatedReplicas) {
    this.replicas = replicas;
    this.readyReplicas = readyReplicas;
    this.updatedReplicas = updatedReplicas;
  }

  public Integer getReplicas() { return replicas; }
  public void setReplicas(Integer replicas) { this.replicas = replicas; }
  public Integer getReadyReplicas() { return readyReplicas; }
  public void setReadyReplicas(Integer readyReplicas) { this.readyReplicas = readyReplicas; }
  public Integer getUpdatedReplicas() { return updatedReplicas; }
  public void setUpdatedReplicas(Integer updatedReplicas) { this.updatedReplicas = updatedReplicas; }
}
