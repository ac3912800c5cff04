package io.todoplatform.app.userdata;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.todoplatform.app.domain.ReminderChange;

/** One outbox entry (one document each): an event to publish or a reminder job to bring in line. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutboxRecord(long n, StoredEvent event, ReminderChange reminder) {

  /** A rough size, for the byte bounds on a batch and on what the relay holds: the description dominates. */
  public long estimatedBytes() {
    return 1024 + (event != null && event.task().description() != null ? event.task().description().length() * 2L : 0);
  }
}
