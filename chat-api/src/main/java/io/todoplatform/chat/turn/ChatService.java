package io.todoplatform.chat.turn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.todoplatform.chat.auth.Caller;
import io.todoplatform.chat.conversation.ConversationDocument;
import io.todoplatform.chat.conversation.ConversationGoneException;
import io.todoplatform.chat.conversation.Conversations;
import io.todoplatform.chat.conversation.HistoryWindow;
import io.todoplatform.chat.conversation.StoredMessage;
import io.todoplatform.chat.conversation.StoredToolCall;
import io.todoplatform.chat.model.ChatModel;
import io.todoplatform.chat.model.ModelFailure;
import io.todoplatform.chat.model.ModelMessage;
import io.todoplatform.chat.model.ModelReply;
import io.todoplatform.chat.model.ModelRequest;
import io.todoplatform.chat.model.ToolCall;
import io.todoplatform.chat.model.ToolDefinition;
import io.todoplatform.chat.observability.ChatMetrics;
import io.todoplatform.chat.support.Json;
import io.todoplatform.chat.support.Text;
import io.todoplatform.chat.tools.TaskTools;
import io.todoplatform.chat.tools.ToolOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Answers one chat message: the conversation's recent history and the message go to the model with the task
 * tools; the tool calls it asks for run against the backend and their results go back, for at most {@code
 * maxToolRounds} rounds, after which the model must answer in text (tool choice none). Only a text answer
 * completes the message: then the whole turn (message, calls, results, answer) is appended to the conversation
 * in one write.
 *
 * <p>A model failure stores nothing: the conversation stays exactly as it was. Tool calls that already ran are
 * not undone (each is a complete change the backend validated and published; undoing would publish more
 * events and could race with the user), and the failure reports them.
 */
public final class ChatService {
  /** Tool calls run per model answer; more in one answer are refused (as tool results). */
  static final int MAX_CALLS_PER_ROUND = 5;
  /** Characters of a tool result sent to the model, and kept in the stored conversation. */
  static final int MAX_RESULT_CHARS_SENT = 6_000;
  static final int MAX_RESULT_CHARS_STORED = 2_000;
  /** Characters of the model's answer kept and returned. */
  static final int MAX_REPLY_CHARS = 8_000;

  private final ChatModel model;
  private final TaskTools tools;
  private final Conversations conversations;
  private final int maxToolRounds;
  private final ChatMetrics metrics;
  private final Clock clock;
  private final List<ToolDefinition> definitions;

  public ChatService(ChatModel model, TaskTools tools, Conversations conversations, int maxToolRounds,
      ChatMetrics metrics, Clock clock) {
    this.model = model;
    this.tools = tools;
    this.conversations = conversations;
    this.maxToolRounds = maxToolRounds;
    this.metrics = metrics;
    this.clock = clock;
    this.definitions = tools.definitions();
  }

  /** @param conversationId an existing conversation of the caller, or empty to start one */
  public ChatReply send(Caller caller, String message, Optional<String> conversationId) {
    List<StoredMessage> history = List.of();
    if (conversationId.isPresent()) {
      ConversationDocument existing = conversations.find(caller.userId(), conversationId.get())
          .orElseThrow(() -> new ConversationNotFoundException(conversationId.get()));
      history = existing.messages();
    }
    String id = conversationId.orElseGet(() -> UUID.randomUUID().toString());

    List<ModelMessage> context = new ArrayList<>();
    context.add(new ModelMessage.System(SystemPrompt.text(clock.instant())));
    context.addAll(HistoryWindow.of(history));
    context.add(new ModelMessage.User(message));
    List<StoredMessage> turn = new ArrayList<>();
    turn.add(StoredMessage.user(message, now()));
    List<ExecutedToolCall> executed = new ArrayList<>();

    String answer;
    try {
      answer = converse(caller, context, turn, executed);
    } catch (ModelFailure failure) {
      metrics.turn("model_failed");
      throw new ChatTurnFailedException(failure.kind().status(),
          failure.kind() == ModelFailure.Kind.UNAVAILABLE ? "model-unavailable" : "model-failed",
          failure.getMessage() + "; the message was not added to the conversation"
              + (executed.isEmpty() ? "" : " (the tool calls listed in toolCalls did run)"), executed, failure);
    }
    turn.add(StoredMessage.assistant(answer, List.of(), now()));
    try {
      conversations.appendTurn(caller.userId(), id, conversationId.isEmpty(), turn);
    } catch (ConversationGoneException gone) {
      metrics.turn("conflict");
      throw new ChatTurnFailedException(409, "conversation-gone", gone.getMessage(), executed, gone);
    }
    metrics.turn("answered");
    return new ChatReply(id, answer, executed);
  }

  private String converse(Caller caller, List<ModelMessage> context, List<StoredMessage> turn,
      List<ExecutedToolCall> executed) {
    for (int round = 0; ; round++) {
      boolean toolsAllowed = round < maxToolRounds;
      ModelReply reply = model.converse(new ModelRequest(context, definitions, toolsAllowed));
      if (reply.toolCalls().isEmpty()) {
        if (reply.text().isBlank()) {
          throw new ModelFailure(ModelFailure.Kind.BAD_GATEWAY, "the model answered with empty text");
        }
        return Text.truncate(reply.text(), MAX_REPLY_CHARS);
      }
      if (!toolsAllowed) {
        throw new ModelFailure(ModelFailure.Kind.BAD_GATEWAY,
            "the model still asked for tools after " + maxToolRounds + " rounds");
      }
      List<ToolCall> calls = withIds(reply.toolCalls(), round);
      context.add(new ModelMessage.Assistant(reply.text(), calls));
      turn.add(StoredMessage.assistant(reply.text(), calls.stream()
          .map(c -> new StoredToolCall(c.id(), c.name(), c.arguments())).toList(), now()));
      for (int i = 0; i < calls.size(); i++) {
        ToolCall call = calls.get(i);
        ToolOutcome outcome = i < MAX_CALLS_PER_ROUND ? tools.execute(caller, call.name(), call.arguments())
            : tooMany();
        metrics.toolCall(TaskTools.NAMES.contains(call.name()) ? call.name() : "unknown", outcome.outcome());
        String result = Json.write(outcome.result());
        context.add(new ModelMessage.ToolResult(call.id(), call.name(), Text.truncate(result, MAX_RESULT_CHARS_SENT)));
        turn.add(StoredMessage.tool(call.id(), call.name(), Text.truncate(result, MAX_RESULT_CHARS_STORED), now()));
        executed.add(new ExecutedToolCall(call.name(), argumentsForDisplay(call.arguments()), outcome.result()));
      }
    }
  }

  /** Providers give ids; when one does not, the result still has to name its call. */
  private static List<ToolCall> withIds(List<ToolCall> calls, int round) {
    List<ToolCall> named = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      ToolCall call = calls.get(i);
      String id = call.id() == null || call.id().isBlank() ? "call_" + round + "_" + i : call.id();
      named.add(new ToolCall(id, call.name(), call.arguments() == null ? "" : call.arguments()));
    }
    return named;
  }

  private static ToolOutcome tooMany() {
    return new ToolOutcome(Json.mapper().createObjectNode().put("ok", false)
        .put("error", "at most " + MAX_CALLS_PER_ROUND + " tool calls per answer; this one was not run"), "rejected");
  }

  private static JsonNode argumentsForDisplay(String arguments) {
    return Json.tryParse(arguments).orElseGet(() -> TextNode.valueOf(Text.truncate(arguments, 500)));
  }

  private String now() {
    return clock.instant().toString();
  }
}
