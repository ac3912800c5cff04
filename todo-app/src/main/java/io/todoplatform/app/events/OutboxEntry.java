package io.todoplatform.app.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A side effect that was committed together with the change that caused it and still has to reach the
 * sidecar: publishing a CloudEvent, or scheduling/deleting a reminder job. The relay carries them out in
 * order and removes them; until then they survive restarts and outages.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutboxEntry(
    String id,
    Kind kind,
    String topic,
    ObjectNode event,
    String jobName,
    Instant dueTime,
    String jobData) {

  public enum Kind { PUBLISH_EVENT, SCHEDULE_JOB, DELETE_JOB }

  public static OutboxEntry publish(String topic, ObjectNode cloudEvent) {
    return new OutboxEntry(cloudEvent.path("id").asText(), Kind.PUBLISH_EVENT, topic, cloudEvent, null, null,
        null);
  }

  public static OutboxEntry scheduleJob(String id, String jobName, Instant dueTime, String jobData) {
    return new OutboxEntry(id, Kind.SCHEDULE_JOB, null, null, jobName, dueTime, jobData);
  }

  public static OutboxEntry deleteJob(String id, String jobName) {
    return new OutboxEntry(id, Kind.DELETE_JOB, null, null, jobName, null, null);
  }
}
