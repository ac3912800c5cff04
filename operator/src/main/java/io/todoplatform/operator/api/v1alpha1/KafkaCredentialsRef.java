package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The Secret holding the SASL username and password. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaCredentialsRef {
  public static final String DEFAULT_USERNAME_KEY = "username";
  public static final String DEFAULT_PASSWORD_KEY = "password";

  @Required
  @Pattern(Patterns.DNS1123_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  @Default(DEFAULT_USERNAME_KEY)
  @Pattern(Patterns.SECRET_KEY)
  @JsonPropertyDescription("Key of the SASL username.")
  private String usernameKey;

  @Default(DEFAULT_PASSWORD_KEY)
  @Pattern(Patterns.SECRET_KEY)
  @JsonPropertyDescription("Key of the SASL password.")
  private String passwordKey;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getUsernameKey() { return usernameKey; }
  public void setUsernameKey(String usernameKey) { this.usernameKey = usernameKey; }
  public String getPasswordKey() { return passwordKey; }
  public void setPasswordKey(String passwordKey) { this.passwordKey = passwordKey; }
}
