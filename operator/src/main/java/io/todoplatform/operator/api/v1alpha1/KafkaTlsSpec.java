package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Transport security to the brokers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaTlsSpec {
  @JsonPropertyDescription("Connect to the brokers over TLS (Redpanda Cloud requires it). Left out: on whenever"
      + " spec.pubsub.auth.type is not none, so credentials and task data never cross the network in clear; off"
      + " for an unauthenticated in-cluster development broker. Only an explicit false turns it off with SASL.")
  private Boolean enabled;

  @JsonPropertyDescription("PEM CA certificate of a private CA; public CAs need none.")
  private SecretKeyRef caSecretRef;

  public Boolean getEnabled() { return enabled; }
  public void setEnabled(Boolean enabled) { this.enabled = enabled; }
  public SecretKeyRef getCaSecretRef() { return caSecretRef; }
  public void setCaSecretRef(SecretKeyRef caSecretRef) { this.caSecretRef = caSecretRef; }
}
