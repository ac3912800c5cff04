package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The Kubernetes secret store component through which the app reads its own secrets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// daprd on Kubernetes has a built-in secret store named "kubernetes": a Component of that name gives the
// Configuration two secret scopes for one store, which makes the sidecar fail at start. "!has": the API server also
// checks the rule against the schema default ({}), where the nested default is not filled in.
@ValidationRule(
    value = "!has(self.name) || self.name != '" + SecretStoreSpec.RESERVED_NAME + "'",
    message = SecretStoreSpec.RESERVED_NAME_MESSAGE,
    fieldPath = ".name",
    reason = "FieldValueInvalid")
public class SecretStoreSpec {
  /** The name of Dapr's built-in Kubernetes secret store. */
  public static final String RESERVED_NAME = "kubernetes";
  public static final String RESERVED_NAME_MESSAGE = "\"kubernetes\" is reserved for Dapr's built-in Kubernetes"
      + " secret store (the sidecar would fail to start); choose another name, e.g. kubernetes-secrets";
  public static final String DEFAULT_NAME = "kubernetes-secrets";
  public static final List<String> DEFAULT_ALLOWED_SECRETS = List.of("todo-auth");

  @Default(DEFAULT_NAME)
  @Pattern(Patterns.DNS1123_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Dapr Component; not \"kubernetes\", the name of Dapr's built-in store.")
  private String name;

  @JsonPropertyDescription(
      "Secrets the app itself may read (and nothing else): the app's Role and Dapr's secret scopes allow exactly"
          + " these. Left out: [todo-auth].")
  private List<@Pattern(Patterns.DNS1123_SUBDOMAIN) String> allowedSecrets;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public List<String> getAllowedSecrets() { return allowedSecrets; }
  public void setAllowedSecrets(List<String> allowedSecrets) { this.allowedSecrets = allowedSecrets; }
}
