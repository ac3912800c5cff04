package io.todoplatform.app.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.app.support.Json;
import io.todoplatform.app.userdata.StoredEvent;
import java.time.format.DateTimeFormatter;

/**
 * Builds the CloudEvents 1.0 envelopes the app publishes from what the outbox kept. The envelope is complete (it
 * is published as {@code application/cloudevents+json}, so Dapr forwards it instead of wrapping it) and built
 * only from the stored entry, so a re-published event is the same event: same id, time and sequence.
 */
public final class CloudEventFactory {
  private final String source;
  private final Topics topics;
  private final ObjectMapper mapper = Json.mapper();

  public CloudEventFactory(String source, Topics topics) {
    this.source = source;
    this.topics = topics;
  }

  public String source() {
    return source;
  }

  public String topicOf(StoredEvent event) {
    return topics.nameOf(EventType.of(event.type()).topic());
  }

  public ObjectNode envelope(StoredEvent stored, String userId) {
    ObjectNode event = mapper.createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", stored.id());
    event.put("source", source);
    event.put("type", EventType.of(stored.type()).ceType());
    event.put("time", DateTimeFormatter.ISO_INSTANT.format(stored.time()));
    event.put("subject", stored.task().id());
    event.put("datacontenttype", "application/json");
    // CloudEvents' sequence extension: a lexicographically orderable string, so zero-padded. One counter per
    // user across all three topics: consumers can order a user's events even across topics.
    event.put("sequence", sequence(stored.sequence()));
    event.put("traceparent", stored.traceparent());
    // Dapr's extension attribute: when an application/cloudevents+json event has no "traceid", the sidecar
    // sets both "traceid" and "traceparent" to its own span's context (components-contrib
    // pubsub.FromCloudEvent), replacing the request's traceparent. Dapr keeps the two equal itself.
    event.put("traceid", stored.traceparent());
    ObjectNode data = event.putObject("data");
    data.put("userId", userId);
    data.set("task", mapper.valueToTree(stored.task()));
    return event;
  }

  public static String sequence(long value) {
    return String.format("%019d", value);
  }
}
