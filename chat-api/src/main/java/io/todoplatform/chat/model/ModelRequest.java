package io.todoplatform.chat.model;

import java.util.List;

/**
 * One call to the model. {@code toolsAllowed == false} still lists the tools (the history refers to them) but
 * asks for a text answer (tool choice {@code none}).
 */
public record ModelRequest(List<ModelMessage> messages, List<ToolDefinition> tools, boolean toolsAllowed) {
  public ModelRequest {
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
  }
}
