package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/** The Kubernetes secret store component through which the app reads its own secrets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretStoreSpec {
  public static final String DEFAULT_NAME = "kubernetes-secrets";
  public static final List<String> DEFAULT_ALLOWED_SECRETS = List.of("todo-auth");

  @Default(DEFAULT_NAME)
  @Pattern(Patterns.DNS1123_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Dapr Component.")
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
