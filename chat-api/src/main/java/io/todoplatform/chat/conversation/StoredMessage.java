package io.todoplatform.chat.conversation;

import java.util.List;

/**
 * One message of a conversation as stored: {@code user}, {@code assistant} (text and/or tool calls) or
 * {@code tool} (the result of the call {@code toolCallId}). {@code at} is an ISO-8601 instant.
 */
public record StoredMessage(String role, String content, List<StoredToolCall> toolCalls, String toolCallId,
    String name, String at) {
  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";
  public static final String TOOL = "tool";

  public StoredMessage {
    toolCalls = toolCalls == null || toolCalls.isEmpty() ? null : List.copyOf(toolCalls);
  }

  public static StoredMessage user(String text, String at) {
    return new StoredMessage(USER, text, null, null, null, at);
  }

  public static StoredMessage assistant(String text, List<StoredToolCall> calls, String at) {
    return new StoredMessage(ASSISTANT, text, calls, null, null, at);
  }

  public static StoredMessage tool(String toolCallId, String name, String content, String at) {
    return new StoredMessage(TOOL, content, null, toolCallId, name, at);
  }

  public List<StoredToolCall> calls() {
    return toolCalls == null ? List.of() : toolCalls;
  }
}
