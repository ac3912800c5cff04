package io.todoplatform.chat.conversation;

/** A tool call as kept in a conversation: the model's id, the tool, its arguments (JSON text). */
public record StoredToolCall(String id, String name, String arguments) {}
