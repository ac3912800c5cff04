package io.todoplatform.app.domain;

import java.time.Instant;
import java.util.List;

/**
 * A task as clients and event consumers see it. {@code occurrence} is the position of this task in its recurring
 * series (1 for a task that does not recur); {@code reminderStatus} is pending, fired, missed or cancelled.
 */
public record TaskSnapshot(
    String id,
    String title,
    String description,
    boolean completed,
    Priority priority,
    List<String> tags,
    Instant dueAt,
    Instant remindAt,
    String reminderStatus,
    String timeZone,
    Recurrence recurrence,
    int occurrence,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt) {}
