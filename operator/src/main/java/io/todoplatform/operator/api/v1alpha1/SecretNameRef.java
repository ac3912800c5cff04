package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A whole Kubernetes Secret in the TodoPlatform's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretNameRef {
  @Required
  @Pattern(Patterns.DNS1123_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  public SecretNameRef() {}

  public SecretNameRef(String name) { this.name = name; }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
}
