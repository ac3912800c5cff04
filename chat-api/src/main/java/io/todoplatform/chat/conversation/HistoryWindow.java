package io.todoplatform.chat.conversation;

import io.todoplatform.chat.model.ModelMessage;
import io.todoplatform.chat.model.ToolCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What of a conversation is sent to the model: the newest whole turns that fit in {@link #MAX_MESSAGES}
 * messages and {@link #MAX_CHARS} characters. Whole turns only, so the model never sees a tool result without
 * the call it answers; a long conversation costs the same per message as a short one.
 */
public final class HistoryWindow {
  public static final int MAX_MESSAGES = 40;
  public static final int MAX_CHARS = 24_000;

  private HistoryWindow() {}

  public static List<ModelMessage> of(List<StoredMessage> messages) {
    List<List<StoredMessage>> turns = new ArrayList<>();
    List<StoredMessage> current = null;
    for (StoredMessage message : messages) {
      if (current == null || StoredMessage.USER.equals(message.role())) {
        current = new ArrayList<>();
        turns.add(current);
      }
      current.add(message);
    }
    List<ModelMessage> window = new ArrayList<>();
    int count = 0;
    int chars = 0;
    for (int i = turns.size() - 1; i >= 0; i--) {
      List<StoredMessage> turn = turns.get(i);
      int turnChars = turn.stream().mapToInt(HistoryWindow::chars).sum();
      if (count + turn.size() > MAX_MESSAGES || chars + turnChars > MAX_CHARS) {
        break;
      }
      count += turn.size();
      chars += turnChars;
      List<ModelMessage> converted = new ArrayList<>();
      turn.forEach(m -> converted.add(toModel(m)));
      Collections.reverse(converted);
      window.addAll(converted);
    }
    Collections.reverse(window);
    return window;
  }

  private static int chars(StoredMessage message) {
    int chars = message.content() == null ? 0 : message.content().length();
    for (StoredToolCall call : message.calls()) {
      chars += call.arguments() == null ? 0 : call.arguments().length();
    }
    return chars;
  }

  static ModelMessage toModel(StoredMessage message) {
    String content = message.content() == null ? "" : message.content();
    return switch (message.role()) {
      case StoredMessage.ASSISTANT -> new ModelMessage.Assistant(content,
          message.calls().stream().map(c -> new ToolCall(c.id(), c.name(), c.arguments())).toList());
      case StoredMessage.TOOL -> new ModelMessage.ToolResult(message.toolCallId(), message.name(), content);
      default -> new ModelMessage.User(content);
    };
  }
}
