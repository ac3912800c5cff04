package io.todoplatform.app.ports;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Publishes a complete CloudEvent 1.0 envelope to a topic, keyed by {@code partitionKey}. */
public interface EventPublisher {

  /** @throws PublishFailedException when the broker or the sidecar did not accept the event */
  void publish(String topic, String partitionKey, ObjectNode cloudEvent);
}
