package io.todoplatform.app.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.app.domain.TaskSnapshot;
import io.todoplatform.app.support.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Builds the CloudEvents 1.0 envelopes the app publishes. The envelope is complete (we publish it as
 * {@code application/cloudevents+json}, so Dapr forwards it instead of wrapping it) and its id is fixed
 * when the change is committed, so a re-published event is recognisably the same event.
 */
public final class CloudEventFactory {
  private final String source;
  private final Topics topics;
  private final Clock clock;
  private final ObjectMapper mapper = Json.mapper();

  public CloudEventFactory(String source, Topics topics, Clock clock) {
    this.source = source;
    this.topics = topics;
    this.clock = clock;
  }

  public OutboxEntry taskEvent(EventType type, String userId, TaskSnapshot task, String traceparent) {
    return OutboxEntry.publish(topics.nameOf(type.topic()),
        envelope(UUID.randomUUID().toString(), type, userId, task, traceparent));
  }

  /**
   * The reminder event's id is derived from the task and the reminder time: however often the job fires
   * for that reminder, consumers see one event.
   */
  public OutboxEntry reminderDue(String userId, TaskSnapshot task, Instant remindAt, String traceparent) {
    String id = "reminder-" + task.id() + "-" + remindAt.toEpochMilli();
    return OutboxEntry.publish(topics.nameOf(EventType.REMINDER_DUE.topic()),
        envelope(id, EventType.REMINDER_DUE, userId, task, traceparent));
  }

  private ObjectNode envelope(String id, EventType type, String userId, TaskSnapshot task, String traceparent) {
    ObjectNode event = mapper.createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", id);
    event.put("source", source);
    event.put("type", type.ceType());
    event.put("time", DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
    event.put("subject", task.id());
    event.put("datacontenttype", "application/json");
    event.put("traceparent", traceparent);
    // Dapr's extension attribute: when an application/cloudevents+json event has no "traceid", the
    // sidecar sets both "traceid" and "traceparent" to its own span's context (components-contrib
    // pubsub.FromCloudEvent), replacing the request's traceparent. Dapr keeps the two equal itself.
    event.put("traceid", traceparent);
    ObjectNode data = event.putObject("data");
    data.put("userId", userId);
    data.set("task", mapper.valueToTree(task));
    return event;
  }
}
