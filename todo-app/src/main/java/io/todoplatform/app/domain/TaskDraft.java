package io.todoplatform.app.domain;

import java.time.Instant;
import java.util.List;

/** The client-editable fields of a task, already checked for shape (types, lengths, enums, ranges). */
public record TaskDraft(
    String title,
    String description,
    Priority priority,
    List<String> tags,
    Instant dueAt,
    Instant remindAt,
    String timeZone,
    Recurrence recurrence) {}
