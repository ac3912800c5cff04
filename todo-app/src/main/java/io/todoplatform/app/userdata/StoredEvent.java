package io.todoplatform.app.userdata;

import io.todoplatform.app.domain.DomainEvent;
import io.todoplatform.app.domain.TaskSnapshot;
import java.time.Instant;

/**
 * An event as the outbox keeps it: everything its CloudEvent is built from, fixed at commit time (id, time,
 * sequence), so that a re-delivery publishes the same event.
 */
public record StoredEvent(String id, DomainEvent.Type type, Instant time, String traceparent, long sequence,
    TaskSnapshot task) {}
