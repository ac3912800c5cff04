package io.todoplatform.chat.model;

import java.util.List;

/** One message of what is sent to the model, in the roles of the Conversation API (alpha2). */
public sealed interface ModelMessage {
  record System(String text) implements ModelMessage {}

  record User(String text) implements ModelMessage {}

  /** The model's own earlier answer: text, tool calls, or both. */
  record Assistant(String text, List<ToolCall> toolCalls) implements ModelMessage {
    public Assistant {
      toolCalls = List.copyOf(toolCalls);
    }
  }

  /** The result of one tool call, answering the call with the same id. */
  record ToolResult(String toolCallId, String name, String content) implements ModelMessage {}
}
