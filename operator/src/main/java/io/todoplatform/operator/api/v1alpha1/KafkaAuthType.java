package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the backend's sidecar authenticates to the Kafka brokers. */
public enum KafkaAuthType {
  @JsonProperty("none") NONE,
  @JsonProperty("plain") PLAIN,
  @JsonProperty("scram-sha-256") SCRAM_SHA_256,
  @JsonProperty("scram-sha-512") SCRAM_SHA_512;

  public boolean needsCredentials() { return this != NONE; }
}
