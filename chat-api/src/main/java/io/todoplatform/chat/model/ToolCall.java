package io.todoplatform.chat.model;

/** A function call the model asked for; {@code arguments} is the model's JSON text, not yet trusted. */
public record ToolCall(String id, String name, String arguments) {}
