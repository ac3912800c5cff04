package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The Kafka pub/sub component (pubsub.kafka). */
@JsonInclude(JsonInclude.Include.NON_NULL)
// "has(...)": the API server also checks the rule against the schema default of topics ({}) before filling it in.
@ValidationRule(
    value = "!has(self.deadLetterTopic) || !has(self.topics) || !(self.deadLetterTopic in"
        + " [self.topics.taskEvents, self.topics.taskUpdates, self.topics.reminders])",
    message = PubSubSpec.DEAD_LETTER_TOPIC_MESSAGE,
    fieldPath = ".deadLetterTopic",
    reason = "FieldValueInvalid")
public class PubSubSpec {
  public static final String DEAD_LETTER_TOPIC_MESSAGE = "deadLetterTopic must differ from the topics the backend"
      + " subscribes to (topics.taskEvents, taskUpdates, reminders): a dead-lettered event would come back";
  public static final String DEFAULT_NAME = "kafka-pubsub";
  public static final String DEFAULT_INIT_TIMEOUT = "30s";
  public static final String DEFAULT_DEAD_LETTER_TOPIC = "task-deadletters";
  public static final int DEFAULT_CONSUMER_RETRIES = 10;

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

  @Default(DEFAULT_DEAD_LETTER_TOPIC)
  @Pattern(Patterns.KAFKA_TOPIC)
  @JsonPropertyDescription("Topic where the backend's subscriptions put an event they could not process after the"
      + " delivery retries (spec.resiliency.deliveryMaxRetries), so one bad event never blocks its partition. The"
      + " backend receives it as TOPIC_DEAD_LETTERS; it must differ from the other topics.")
  private String deadLetterTopic;

  @Default("10")
  @Min(-1)
  @Max(Integer.MAX_VALUE)
  @JsonPropertyDescription("How often the Kafka consumer retries an event that could neither be delivered nor"
      + " dead-lettered (every 5 s) before it skips it; -1 retries forever, which blocks the partition.")
  private Integer consumerRetries;

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
  public String getDeadLetterTopic() { return deadLetterTopic; }
  public void setDeadLetterTopic(String deadLetterTopic) { this.deadLetterTopic = deadLetterTopic; }
  public Integer getConsumerRetries() { return consumerRetries; }
  public void setConsumerRetries(Integer consumerRetries) { this.consumerRetries = consumerRetries; }
  public TopicsSpec getTopics() { return topics; }
  public void setTopics(TopicsSpec topics) { this.topics = topics; }
}
