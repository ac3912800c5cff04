package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** A status condition in the Kubernetes convention (as Strimzi and metav1.Condition have it). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private String type;
  private String status;
  private String reason;
  private String message;
  private String lastTransitionTime;
  private Long observedGeneration;

  public Condition() {}

  public Condition(String type, String status, String reason, String message) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
  }

  /** Same status, reason and message: nothing a reader would see as a change. */
  public boolean sameStateAs(Condition other) {
    return other != null
        && Objects.equals(type, other.type)
        && Objects.equals(status, other.status)
        && Objects.equals(reason, other.reason)
        && Objects.equals(message, other.message);
  }

  public String getType() { return type; }
  public void setType(String type) { this.type = type; }
  public String getStatus() { return status; }
  public void setStatus(String status) { this.status = status; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public String getLastTransitionTime() { return lastTransitionTime; }
  public void setLastTransitionTime(String lastTransitionTime) { this.lastTransitionTime = lastTransitionTime; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }

  @Override
  public String toString() {
    return type + "=" + status + " (" + reason + ": " + message + ")";
  }
}
