package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a new consumer group starts reading. */
public enum InitialOffset {
  @JsonProperty("newest") NEWEST,
  @JsonProperty("oldest") OLDEST;

  public String wireValue() { return name().toLowerCase(java.util.Locale.ROOT); }
}
