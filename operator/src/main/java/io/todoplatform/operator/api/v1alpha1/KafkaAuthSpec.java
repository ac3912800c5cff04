package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** Broker authentication. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// "!has(self.type)": the API server also checks this rule against the schema default of auth ({}), in which the
// nested default of type is not filled in; a missing type means none.
@ValidationRule(
    value = "!has(self.type) || self.type == 'none' || has(self.secretRef)",
    message = "secretRef is required unless type is none",
    fieldPath = ".secretRef",
    reason = "FieldValueRequired")
public class KafkaAuthSpec {
  @Default("none")
  @JsonPropertyDescription("none, plain (SASL/PLAIN), scram-sha-256 or scram-sha-512 (SASL/SCRAM, as Redpanda Cloud uses).")
  private KafkaAuthType type;

  @JsonPropertyDescription("Secret with the SASL username and password; required unless type is none.")
  private KafkaCredentialsRef secretRef;

  public KafkaAuthType getType() { return type; }
  public void setType(KafkaAuthType type) { this.type = type; }
  public KafkaCredentialsRef getSecretRef() { return secretRef; }
  public void setSecretRef(KafkaCredentialsRef secretRef) { this.secretRef = secretRef; }
}
