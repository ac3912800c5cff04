package io.todoplatform.app.dapr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.PublishEventRequest;
import io.grpc.Status;
import io.todoplatform.app.ports.EventPublisher;
import io.todoplatform.app.ports.PublishFailedException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Publishes through the sidecar. The content type {@code application/cloudevents+json} makes Dapr forward our
 * envelope as is (otherwise it wraps it in a {@code com.dapr.event.sent} event); {@code partitionKey} becomes the
 * Kafka key, so one user's events stay in order. A broker outage is INTERNAL in Dapr's API, so only codes about
 * the request itself count as a refusal.
 */
public final class DaprEventPublisher implements EventPublisher {
  static final String CLOUDEVENTS_JSON = "application/cloudevents+json";
  private static final Set<Status.Code> REFUSALS = Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
      Status.Code.FAILED_PRECONDITION, Status.Code.PERMISSION_DENIED, Status.Code.UNIMPLEMENTED);

  private final DaprClient client;
  private final String pubsubName;
  private final Duration timeout;

  public DaprEventPublisher(DaprClient client, String pubsubName, Duration timeout) {
    this.client = client;
    this.pubsubName = pubsubName;
    this.timeout = timeout;
  }

  @Override
  public void publish(String topic, String partitionKey, ObjectNode cloudEvent) {
    try {
      client.publishEvent(new PublishEventRequest(pubsubName, topic, cloudEvent)
              .setContentType(CLOUDEVENTS_JSON)
              .setMetadata(Map.of("partitionKey", partitionKey)))
          .block(timeout);
    } catch (RuntimeException e) {
      if (!DaprFailures.involvesSidecar(e)) {
        throw e;
      }
      throw new PublishFailedException("publish to " + topic + " failed (" + DaprFailures.describe(e) + ")",
          DaprFailures.isRejection(e, REFUSALS), e);
    }
  }
}
