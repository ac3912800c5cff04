package io.todoplatform.chat.model;

import java.util.List;

/** The model's answer: text, or tool calls to run before it answers. */
public record ModelReply(String text, List<ToolCall> toolCalls) {
  public ModelReply {
    text = text == null ? "" : text;
    toolCalls = List.copyOf(toolCalls);
  }
}
