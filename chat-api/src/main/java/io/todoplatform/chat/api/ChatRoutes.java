package io.todoplatform.chat.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.todoplatform.chat.auth.Authenticator;
import io.todoplatform.chat.auth.Caller;
import io.todoplatform.chat.conversation.ConversationDocument;
import io.todoplatform.chat.conversation.Conversations;
import io.todoplatform.chat.conversation.IndexEntry;
import io.todoplatform.chat.conversation.StoredMessage;
import io.todoplatform.chat.conversation.StoredToolCall;
import io.todoplatform.chat.support.Json;
import io.todoplatform.chat.turn.ChatReply;
import io.todoplatform.chat.turn.ChatService;
import io.todoplatform.chat.turn.ExecutedToolCall;

/** The user-facing API under {@code /api/{userId}}. */
public final class ChatRoutes {
  private final ChatService chat;
  private final Conversations conversations;
  private final Authenticator authenticator;

  public ChatRoutes(ChatService chat, Conversations conversations, Authenticator authenticator) {
    this.chat = chat;
    this.conversations = conversations;
    this.authenticator = authenticator;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/{userId}/chat", this::send);
    routes.get("/api/{userId}/conversations", this::list);
    routes.get("/api/{userId}/conversations/{conversationId}", this::get);
    routes.delete("/api/{userId}/conversations/{conversationId}", this::delete);
  }

  private Caller caller(Context ctx) {
    return authenticator.authenticate(ctx.header("Authorization"), ctx.pathParam("userId"));
  }

  private void send(Context ctx) {
    Caller caller = caller(ctx);
    ChatRequest request = ChatRequest.parse(JsonBody.read(ctx));
    ChatReply reply = chat.send(caller, request.message(), request.conversationId());
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("conversationId", reply.conversationId());
    body.put("reply", reply.reply());
    body.set("toolCalls", toolCalls(reply.toolCalls()));
    json(ctx, 200, body);
  }

  private void list(Context ctx) {
    Caller caller = caller(ctx);
    ObjectNode body = Json.mapper().createObjectNode();
    ArrayNode items = body.putArray("items");
    for (IndexEntry entry : conversations.list(caller.userId())) {
      items.add(Json.mapper().valueToTree(entry));
    }
    json(ctx, 200, body);
  }

  private void get(Context ctx) {
    Caller caller = caller(ctx);
    String id = conversationId(ctx);
    ConversationDocument document = conversations.find(caller.userId(), id)
        .orElseThrow(() -> ApiException.notFound("no conversation with this id"));
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("id", document.id());
    body.put("title", document.title());
    body.put("createdAt", document.createdAt());
    body.put("updatedAt", document.updatedAt());
    body.put("droppedMessages", document.droppedMessages());
    ArrayNode messages = body.putArray("messages");
    for (StoredMessage message : document.messages()) {
      ObjectNode item = messages.addObject();
      item.put("role", message.role());
      if (message.content() != null && !message.content().isEmpty()) {
        item.put("content", message.content());
      }
      if (!message.calls().isEmpty()) {
        ArrayNode calls = item.putArray("toolCalls");
        for (StoredToolCall call : message.calls()) {
          calls.addObject().put("id", call.id()).put("name", call.name())
              .set("arguments", Json.tryParse(call.arguments()).orElseGet(
                  () -> Json.mapper().getNodeFactory().textNode(call.arguments())));
        }
      }
      if (message.toolCallId() != null) {
        item.put("toolCallId", message.toolCallId());
        item.put("name", message.name());
      }
      item.put("at", message.at());
    }
    json(ctx, 200, body);
  }

  private void delete(Context ctx) {
    Caller caller = caller(ctx);
    String id = conversationId(ctx);
    if (!conversations.delete(caller.userId(), id)) {
      throw ApiException.notFound("no conversation with this id");
    }
    ctx.status(204);
  }

  /** Ids are UUIDs: anything else names no conversation (and must not become part of a state key). */
  private static String conversationId(Context ctx) {
    String id = ctx.pathParam("conversationId");
    if (!ChatRequest.CONVERSATION_ID.matcher(id).matches()) {
      throw ApiException.notFound("no conversation with this id");
    }
    return id;
  }

  static ArrayNode toolCalls(java.util.List<ExecutedToolCall> calls) {
    ArrayNode array = Json.mapper().createArrayNode();
    for (ExecutedToolCall call : calls) {
      ObjectNode item = array.addObject();
      item.put("name", call.name());
      item.set("arguments", call.arguments());
      item.set("result", call.result());
    }
    return array;
  }

  private static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }
}
