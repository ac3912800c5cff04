package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One key of a Kubernetes Secret in the TodoPlatform's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {
  @Required
  @Pattern(Patterns.DNS1123_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  @Required
  @Pattern(Patterns.SECRET_KEY)
  @JsonPropertyDescription("Key in the Secret's data.")
  private String key;

  public SecretKeyRef() {}

  public SecretKeyRef(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
}
