package io.todoplatform.app.domain;

/** One reason a request was refused, tied to the field (JSON pointer-ish path or query parameter). */
public record FieldError(String field, String message) {}
