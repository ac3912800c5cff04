package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** chat-api as last observed: its app-id and the replica counts of its Deployment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChatStatus {
  private String appId;
  private Integer replicas;
  private Integer readyReplicas;
  private Integer updatedReplicas;

  public ChatStatus() {}

  public ChatStatus(String appId, Integer replicas, Integer readyReplicas, Integer updatedReplicas) {
    this.appId = appId;
    this.replicas = replicas;
    this.readyReplicas = readyReplicas;
    this.updatedReplicas = updatedReplicas;
  }

  public String getAppId() { return appId; }
  public void setAppId(String appId) { this.appId = appId; }
  public Integer getReplicas() { return replicas; }
  public void setReplicas(Integer replicas) { this.replicas = replicas; }
  public Integer getReadyReplicas() { return readyReplicas; }
  public void setReadyReplicas(Integer readyReplicas) { this.readyReplicas = readyReplicas; }
  public Integer getUpdatedReplicas() { return updatedReplicas; }
  public void setUpdatedReplicas(Integer updatedReplicas) { this.updatedReplicas = updatedReplicas; }
}
