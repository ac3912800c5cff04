package io.todoplatform.chat.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.todoplatform.chat.model.ModelMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounds of what is stored and what is sent to the model, which keep both far below Dapr's 4 MiB. */
class ConversationBoundsTest {
  private static final String AT = "2030-01-01T00:00:00Z";

  private static List<StoredMessage> turns(int count, int chars) {
    List<StoredMessage> messages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      messages.add(StoredMessage.user("question " + i + " " + "q".repeat(chars), AT));
      messages.add(StoredMessage.assistant("", List.of(new StoredToolCall("c" + i, "list_tasks", "{}")), AT));
      messages.add(StoredMessage.tool("c" + i, "list_tasks", "{\"ok\":true}", AT));
      messages.add(StoredMessage.assistant("answer " + i, List.of(), AT));
    }
    return messages;
  }

  @Test
  void trimmingDropsWholeOldTurnsAndKeepsTheNewest() {
    ConversationDocument document = new ConversationDocument("id", "u", "t", AT, AT, turns(40, 10), 0)
        .trimmed(Conversations.MAX_STORED_MESSAGES, Conversations.MAX_DOCUMENT_BYTES);
    assertThat(document.messages()).hasSize(100);
    assertThat(document.droppedMessages()).isEqualTo(60);
    assertThat(document.messages().get(0).role()).isEqualTo(StoredMessage.USER);
    assertThat(document.messages().get(0).content()).startsWith("question 15 ");
    assertThat(document.messages().get(99).content()).isEqualTo("answer 39");
  }

  @Test
  void trimmingBoundsTheDocumentsBytesToo() {
    ConversationDocument document = new ConversationDocument("id", "u", "t", AT, AT, turns(20, 40_000), 0)
        .trimmed(Conversations.MAX_STORED_MESSAGES, Conversations.MAX_DOCUMENT_BYTES);
    assertThat(document.jsonBytes()).isLessThanOrEqualTo(Conversations.MAX_DOCUMENT_BYTES);
    assertThat(document.messages().get(0).role()).isEqualTo(StoredMessage.USER);
  }

  @Test
  void theModelGetsTheNewestWholeTurnsWithinTheWindow() {
    List<ModelMessage> window = HistoryWindow.of(turns(30, 10));
    assertThat(window).hasSizeLessThanOrEqualTo(HistoryWindow.MAX_MESSAGES).hasSize(40);
    assertThat(window.get(0)).isInstanceOf(ModelMessage.User.class);
    assertThat(((ModelMessage.User) window.get(0)).text()).startsWith("question 20 ");
    assertThat(window.get(1)).isInstanceOfSatisfying(ModelMessage.Assistant.class,
        a -> assertThat(a.toolCalls()).extracting(c -> c.id()).containsExactly("c20"));
    assertThat(window.get(2)).isInstanceOfSatisfying(ModelMessage.ToolResult.class,
        r -> assertThat(r.toolCallId()).isEqualTo("c20"));

    List<ModelMessage> bigTurns = HistoryWindow.of(turns(10, 9_000));
    assertThat(bigTurns).hasSize(8);
  }
}
