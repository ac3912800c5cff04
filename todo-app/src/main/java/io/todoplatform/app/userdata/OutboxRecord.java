package io.todoplatform.app.userdata;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.todoplatform.app.domain.ReminderChange;

/** One outbox entry (one document each): an event to publish or a reminder job to bring in line. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutboxRecord(long n, StoredEvent event, ReminderChange reminder) {}
