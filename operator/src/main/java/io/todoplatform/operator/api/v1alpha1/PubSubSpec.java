package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The Kafka pub/sub component (pubsub.kafka). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PubSubSpec {
  public static final String DEFAULT_NAME = "kafka-pubsub";
  public static final String DEFAULT_INIT_TIMEOUT = "30s";

  @Default(DEFAULT_NAME)
  @Pattern(Patterns.DNS1123_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Dapr Component.")
  private String name;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("Bootstrap brokers, host:port each, e.g. seed-0a1b2c.redpanda.cloud:9092.")
  private List<@Pattern(Patterns.HOST_PORT) String> brokers;

  @JsonPropertyDescription("Broker authentication.")
  // An empty default makes the API server apply the defaults of the fields inside.
  @Default("{}")
  private KafkaAuthSpec auth;

  @JsonPropertyDescription("Transport security.")
  // An empty default makes the API server apply the defaults of the fields inside.
  @Default("{}")
  private KafkaTlsSpec tls;

  @Default("newest")
  @JsonPropertyDescription("Where a new consumer group starts: newest or oldest.")
  private InitialOffset initialOffset;

  @Default(DEFAULT_INIT_TIMEOUT)
  @Pattern(Patterns.GO_DURATION)
  @JsonPropertyDescription("How long the sidecar waits for the broker at start (a cloud broker wants more than Dapr's 5s).")
  private String initTimeout;

  @Pattern(Patterns.DNS1123_SUBDOMAIN)
  @JsonPropertyDescription(
      "Consumer group. Left out, Dapr uses the app-id, so every app gets every event; one shared group makes each"
          + " event reach only one of the apps.")
  private String consumerGroup;

  @JsonPropertyDescription("Topic names.")
  // An empty default makes the API server apply the defaults of the fields inside.
  @Default("{}")
  private TopicsSpec topics;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public List<String> getBrokers() { return brokers; }
  public void setBrokers(List<String> brokers) { this.brokers = brokers; }
  public KafkaAuthSpec getAuth() { return auth; }
  public void setAuth(KafkaAuthSpec auth) { this.auth = auth; }
  public KafkaTlsSpec getTls() { return tls; }
  public void setTls(KafkaTlsSpec tls) { this.tls = tls; }
  public InitialOffset getInitialOffset() { return initialOffset; }
  public void setInitialOffset(InitialOffset initialOffset) { this.initialOffset = initialOffset; }
  public String getInitTimeout() { return initTimeout; }
  public void setInitTimeout(String initTimeout) { this.initTimeout = initTimeout; }
  public String getConsumerGroup() { return consumerGroup; }
  public void setConsumerGroup(String consumerGroup) { this.consumerGroup = consumerGroup; }
  public TopicsSpec getTopics() { return topics; }
  public void setTopics(TopicsSpec topics) { this.topics = topics; }
}
