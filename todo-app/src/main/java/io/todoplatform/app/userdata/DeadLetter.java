package io.todoplatform.app.userdata;

import java.time.Instant;

/** An outbox entry that could never be delivered, kept (with a TTL) for inspection instead of blocking the user. */
public record DeadLetter(OutboxRecord entry, String reason, Instant at) {}
