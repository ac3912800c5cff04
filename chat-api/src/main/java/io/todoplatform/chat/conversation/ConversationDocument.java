package io.todoplatform.chat.conversation;

import io.todoplatform.chat.support.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One conversation: one state document, bounded by {@link #trimmed}: the oldest whole turns (a user message and
 * every answer and tool result after it) go first, so what remains always starts with a user message and never
 * holds a tool result without its call. {@code droppedMessages} counts what trimming removed.
 */
public record ConversationDocument(String id, String userId, String title, String createdAt, String updatedAt,
    List<StoredMessage> messages, int droppedMessages) {
  public ConversationDocument {
    messages = List.copyOf(messages);
  }

  public ConversationDocument append(List<StoredMessage> turn, String now) {
    List<StoredMessage> all = new ArrayList<>(messages);
    all.addAll(turn);
    return new ConversationDocument(id, userId, title, createdAt, now, all, droppedMessages);
  }

  /** Drops the oldest turns until at most {@code maxMessages} and {@code maxBytes} of JSON; the newest turn stays. */
  public ConversationDocument trimmed(int maxMessages, int maxBytes) {
    ConversationDocument current = this;
    while (current.messages.size() > maxMessages || current.jsonBytes() > maxBytes) {
      int secondTurn = current.startOfSecondTurn();
      if (secondTurn < 0) {
        return current;
      }
      current = new ConversationDocument(id, userId, title, createdAt, updatedAt,
          current.messages.subList(secondTurn, current.messages.size()), current.droppedMessages + secondTurn);
    }
    return current;
  }

  int jsonBytes() {
    return Json.write(this).getBytes(StandardCharsets.UTF_8).length;
  }

  private int startOfSecondTurn() {
    for (int i = 1; i < messages.size(); i++) {
      if (StoredMessage.USER.equals(messages.get(i).role())) {
        return i;
      }
    }
    return -1;
  }
}
