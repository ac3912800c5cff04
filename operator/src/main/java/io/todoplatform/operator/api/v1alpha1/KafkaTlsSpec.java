package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Transport security to the brokers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaTlsSpec {
  @Default("false")
  @JsonPropertyDescription("Connect to the brokers over TLS (Redpanda Cloud requires it).")
  private Boolean enabled;

  @JsonPropertyDescription("PEM CA certificate of a private CA; public CAs need none.")
  private SecretKeyRef caSecretRef;

  public Boolean getEnabled() { return enabled; }
  public void setEnabled(Boolean enabled) { this.enabled = enabled; }
  public SecretKeyRef getCaSecretRef() { return caSecretRef; }
  public void setCaSecretRef(SecretKeyRef caSecretRef) { this.caSecretRef = caSecretRef; }
}
