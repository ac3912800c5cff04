package io.todoplatform.operator.render;

import static io.todoplatform.operator.render.DaprResources.secretKeyRef;
import static io.todoplatform.operator.render.DaprResources.value;

import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.componentspec.Metadata;
import io.todoplatform.operator.api.v1alpha1.KafkaAuthType;
import io.todoplatform.operator.api.v1alpha1.KafkaCredentialsRef;
import io.todoplatform.operator.api.v1alpha1.PubSubSpec;
import java.util.ArrayList;
import java.util.List;

/** The pubsub.kafka Component. */
final class PubSubComponentRenderer {
  static final String COMPONENT = "pubsub";
  static final String CONSUMER_RETRY_INTERVAL = "5s";

  private PubSubComponentRenderer() {}

  static Component render(RenderContext context) {
    PubSubSpec pubsub = context.spec().getPubsub();
    List<Metadata> metadata = new ArrayList<>();
    metadata.add(value("brokers", String.join(",", pubsub.getBrokers())));
    KafkaAuthType authType = pubsub.getAuth().getType();
    boolean usesSecrets = authType.needsCredentials() || pubsub.getTls().getCaSecretRef() != null;
    if (authType.needsCredentials()) {
      KafkaCredentialsRef credentials = pubsub.getAuth().getSecretRef();
      metadata.add(value("authType", "password"));
      metadata.add(secretKeyRef("saslUsername", credentials.getName(), credentials.getUsernameKey()));
      metadata.add(secretKeyRef("saslPassword", credentials.getName(), credentials.getPasswordKey()));
      metadata.add(value("saslMechanism", saslMechanism(authType)));
    } else {
      metadata.add(value("authType", "none"));
    }
    // Dapr's Kafka client uses TLS unless told not to; say it either way so the manifest reads true.
    metadata.add(value("disableTls", Boolean.toString(!pubsub.getTls().getEnabled())));
    if (pubsub.getTls().getCaSecretRef() != null) {
      metadata.add(secretKeyRef("caCert", pubsub.getTls().getCaSecretRef().getName(),
          pubsub.getTls().getCaSecretRef().getKey()));
    }
    metadata.add(value("initialOffset", pubsub.getInitialOffset().wireValue()));
    // No shared consumerGroup by default: Dapr then uses the app-id, so every app gets every event.
    if (pubsub.getConsumerGroup() != null) {
      metadata.add(value("consumerGroup", pubsub.getConsumerGroup()));
    }
    // The consumer's own retries of an event the runtime could neither deliver nor dead-letter. Dapr's default
    // retries forever, which blocks the partition behind one poison event. These keys are parsed by
    // components-contrib common/component/kafka/kafka.go (retry.DecodeConfigWithPrefix "backOff") but are not in the
    // component's metadata.yaml.
    metadata.add(value("backOffPolicy", "constant"));
    metadata.add(value("backOffDuration", CONSUMER_RETRY_INTERVAL));
    metadata.add(value("backOffMaxRetries", String.valueOf(pubsub.getConsumerRetries())));
    return DaprResources.component(context.platform(), pubsub.getName(), COMPONENT, "pubsub.kafka", metadata,
        pubsub.getInitTimeout(), usesSecrets ? context.componentSecretStore() : null, context.scopes());
  }

  /**
   * Dapr matches the mechanism exactly: "SHA-256" and "SHA-512" select SCRAM, anything else (such as
   * "SCRAM-SHA-256") silently falls back to PLAIN.
   */
  static String saslMechanism(KafkaAuthType type) {
    return switch (type) {
      case SCRAM_SHA_256 -> "SHA-256";
      case SCRAM_SHA_512 -> "SHA-512";
      case PLAIN -> "PLAINTEXT";
      case NONE -> throw new IllegalArgumentException("no SASL mechanism without authentication");
    };
  }
}
