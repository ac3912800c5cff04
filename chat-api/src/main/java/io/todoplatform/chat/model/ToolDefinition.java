package io.todoplatform.chat.model;

import java.util.Map;

/** A function offered to the model: its name, what it does, and its JSON Schema. */
public record ToolDefinition(String name, String description, Map<String, Object> parameters) {}
