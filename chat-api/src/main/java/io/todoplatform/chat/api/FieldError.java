package io.todoplatform.chat.api;

/** One offending input field: its JSON path (e.g. {@code message}, {@code arguments.tags[2]}) and why. */
public record FieldError(String field, String message) {}
