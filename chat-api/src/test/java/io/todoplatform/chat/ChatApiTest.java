package io.todoplatform.chat;

import static io.todoplatform.chat.ChatApiHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.todoplatform.chat.conversation.Conversations;
import io.todoplatform.chat.conversation.HistoryWindow;
import io.todoplatform.chat.support.Json;
import io.todoplatform.testkit.model.ScriptedModelServer;
import io.todoplatform.testkit.model.ScriptedModelServer.Request;
import io.todoplatform.testkit.model.ScriptedModelServer.ToolCall;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * chat-api's HTTP API against a real daprd: the Conversation API (conversation.openai) calling the scripted
 * OpenAI-compatible server (the test's double for an LLM: none is reachable here), conversations in a real state
 * store through the state API, the JWT secret through the secrets API. What a client and the model see.
 */
class ChatApiTest {
  static final int MAX_TOOL_ROUNDS = 2;
  static ChatApiHarness harness;
  static ScriptedModelServer model;
  static final AtomicInteger users = new AtomicInteger();
  String user;

  @BeforeAll
  static void start() {
    harness = new ChatApiHarness(Map.of("CHAT_MAX_TOOL_ROUNDS", Integer.toString(MAX_TOOL_ROUNDS)));
    model = harness.model;
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @BeforeEach
  void freshUserAndScript() {
    model.reset();
    model.requireApiKey(harness.apiKey);
    user = "user-" + users.incrementAndGet() + "@example.org";
  }

  @Test
  void aTextAnswerStartsAConversationThatCanBeListedReadAndDeleted() {
    model.thenText("Hello! How can I help with your tasks?");
    HttpResponse<String> response = harness.chat(user, "Hi there", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = json(response);
    String id = body.path("conversationId").asText();
    assertThat(id).matches("[0-9a-f-]{36}");
    assertThat(body.path("reply").asText()).isEqualTo("Hello! How can I help with your tasks?");
    assertThat(body.path("toolCalls")).isEmpty();

    // What the model got: the API key (through the component's secretKeyRef), a system prompt, the message, and
    // the six task tools with their schemas.
    Request request = model.lastRequest();
    assertThat(request.authorization()).isEqualTo("Bearer " + harness.apiKey);
    assertThat(request.body().path("model").asText()).isEqualTo(ChatApiHarness.MODEL_NAME);
    List<JsonNode> messages = request.messages();
    assertThat(messages).extracting(m -> m.path("role").asText()).containsExactly("system", "user");
    assertThat(Request.text(messages.get(1))).isEqualTo("Hi there");
    assertThat(request.toolNames()).containsExactlyInAnyOrder("add_task", "list_tasks", "get_task", "update_task",
        "complete_task", "delete_task");
    JsonNode addTask = request.toolParameters("add_task");
    assertThat(addTask.path("type").asText()).isEqualTo("object");
    assertThat(addTask.path("required")).extracting(JsonNode::asText).containsExactly("title");
    assertThat(addTask.path("properties").path("priority").path("enum")).extracting(JsonNode::asText)
        .containsExactly("low", "medium", "high", "urgent");
    assertThat(addTask.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(request.toolParameters("complete_task").path("required")).extracting(JsonNode::asText)
        .containsExactly("taskId");
    assertThat(request.body().path("tool_choice").asText()).isEqualTo("auto");

    JsonNode list = json(harness.get("/api/" + user + "/conversations", harness.token(user)));
    assertThat(list.path("items")).hasSize(1);
    assertThat(list.path("items").get(0).path("id").asText()).isEqualTo(id);
    assertThat(list.path("items").get(0).path("title").asText()).isEqualTo("Hi there");

    JsonNode conversation = json(harness.get("/api/" + user + "/conversations/" + id, harness.token(user)));
    assertThat(conversation.path("messages")).extracting(m -> m.path("role").asText() + ":" + m.path("content").asText())
        .containsExactly("user:Hi there", "assistant:Hello! How can I help with your tasks?");

    assertThat(harness.delete("/api/" + user + "/conversations/" + id, harness.token(user)).statusCode()).isEqualTo(204);
    assertThat(harness.get("/api/" + user + "/conversations/" + id, harness.token(user)).statusCode()).isEqualTo(404);
    assertThat(json(harness.get("/api/" + user + "/conversations", harness.token(user))).path("items")).isEmpty();
    assertThat(harness.delete("/api/" + user + "/conversations/" + id, harness.token(user)).statusCode()).isEqualTo(404);
  }

  @Test
  void aFollowUpMessageSendsTheConversationsHistory() {
    model.thenText("Noted.").thenText("You said: remember the milk.");
    String id = json(harness.chat(user, "Remember the milk", null)).path("conversationId").asText();
    HttpResponse<String> second = harness.chat(user, "What did I say?", id);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(json(second).path("conversationId").asText()).isEqualTo(id);

    List<JsonNode> messages = model.lastRequest().messages();
    assertThat(messages).extracting(m -> m.path("role").asText() + ":" + Request.text(m)).endsWith(
        "user:Remember the milk", "assistant:Noted.", "user:What did I say?");
    assertThat(json(harness.get("/api/" + user + "/conversations/" + id, harness.token(user))).path("messages"))
        .hasSize(4);
  }

  @Test
  void invalidToolArgumentsGoBackToTheModelWithTheirPathsAndNeverReachTheBackend() {
    model.thenToolCalls(new ToolCall("call-1", "add_task", "{\"title\": 5, \"priority\": \"asap\", \"colour\": \"red\"}"),
            new ToolCall("call-2", "drop_database", "{}"),
            new ToolCall("call-3", "get_task", "not json"))
        .thenText("Sorry, I could not do that.");
    HttpResponse<String> response = harness.chat(user, "Add a task", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode calls = json(response).path("toolCalls");
    assertThat(calls).hasSize(3);
    JsonNode addResult = calls.get(0).path("result");
    assertThat(addResult.path("ok").asBoolean(true)).isFalse();
    assertThat(addResult.path("errors")).extracting(e -> e.path("field").asText())
        .containsExactlyInAnyOrder("arguments.title", "arguments.priority", "arguments.colour");
    assertThat(calls.get(1).path("result").path("error").asText()).contains("unknown tool 'drop_database'");
    assertThat(calls.get(2).path("result").path("errors").get(0).path("field").asText()).isEqualTo("arguments");

    // The second model call carries the assistant's tool calls and one tool result per call, by id.
    List<JsonNode> messages = model.lastRequest().messages();
    JsonNode assistant = messages.get(messages.size() - 4);
    assertThat(assistant.path("role").asText()).isEqualTo("assistant");
    assertThat(assistant.path("tool_calls")).extracting(c -> c.path("id").asText())
        .containsExactly("call-1", "call-2", "call-3");
    List<JsonNode> results = messages.subList(messages.size() - 3, messages.size());
    assertThat(results).extracting(m -> m.path("role").asText()).containsOnly("tool");
    assertThat(results).extracting(m -> m.path("tool_call_id").asText()).containsExactly("call-1", "call-2", "call-3");
    assertThat(Request.text(results.get(0))).contains("arguments.title").contains("nothing was changed");
  }

  @Test
  void anUnreachableBackendIsAToolResultTheModelCanExplain() {
    // No app is registered as "backend" with the name resolver: daprd cannot invoke it.
    model.thenToolCalls(new ToolCall("c1", "list_tasks", "{\"status\": \"pending\"}"))
        .thenText("The task service is down, sorry.");
    HttpResponse<String> response = harness.chat(user, "What is pending?", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode result = json(response).path("toolCalls").get(0).path("result");
    assertThat(result.path("ok").asBoolean(true)).isFalse();
    assertThat(result.path("error").asText()).contains("unavailable");
    assertThat(json(response).path("reply").asText()).isEqualTo("The task service is down, sorry.");
  }

  @Test
  void aModelFailureIsA502AndLeavesTheConversationAsItWas() {
    model.thenText("First answer.");
    String id = json(harness.chat(user, "First", null)).path("conversationId").asText();
    JsonNode before = json(harness.get("/api/" + user + "/conversations/" + id, harness.token(user)));

    model.thenFailure(500, "internal error in the model");
    HttpResponse<String> failed = harness.chat(user, "Second", id);
    assertThat(failed.statusCode()).as(failed.body()).isEqualTo(502);
    assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json(failed);
    assertThat(problem.path("detail").asText()).contains("HTTP 500").contains("not added to the conversation");
    assertThat(problem.has("reply")).isFalse();
    assertThat(problem.path("toolCalls")).isEmpty();
    assertThat(json(harness.get("/api/" + user + "/conversations/" + id, harness.token(user)))).isEqualTo(before);

    // A new conversation whose first message fails is not created at all.
    model.thenFailure(500, "still broken");
    assertThat(harness.chat(user, "Third", null).statusCode()).isEqualTo(502);
    assertThat(json(harness.get("/api/" + user + "/conversations", harness.token(user))).path("items")).hasSize(1);
  }

  @Test
  void anOverloadedModelIsA503WithRetryAfter() {
    model.thenFailure(429, "Rate limit reached");
    HttpResponse<String> response = harness.chat(user, "Hello", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(json(response).path("type").asText()).endsWith("model-unavailable");
  }

  @Test
  void theApiKeyEchoedByTheProviderNeverReachesLogsOrResponses() {
    // The provider no longer accepts the component's key and, like OpenAI, echoes the key it got in its error.
    model.requireApiKey("sk-rotated-" + ChatApiHarness.randomHex(8));
    HttpResponse<String> response = harness.chat(user, "Hello", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
    assertThat(model.lastRequest().authorization()).isEqualTo("Bearer " + harness.apiKey);
    assertThat(response.body()).doesNotContain(harness.apiKey).contains("HTTP 401");
    String logged = harness.loggedText();
    assertThat(logged).contains("Model call through component chat-model failed");
    assertThat(logged).doesNotContain(harness.apiKey).doesNotContain(harness.apiKey.substring(8));
  }

  @Test
  void toolRoundsAreBoundedThenTheModelMustAnswerInText() {
    for (int i = 0; i < MAX_TOOL_ROUNDS; i++) {
      model.thenToolCalls(new ToolCall("r" + i, "get_task", "{\"taskId\": \"nope\"}"));
    }
    model.thenText("I give up.");
    HttpResponse<String> answered = harness.chat(user, "Loop", null);
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    List<Request> requests = model.requests();
    assertThat(requests).hasSize(MAX_TOOL_ROUNDS + 1);
    assertThat(requests).extracting(r -> r.body().path("tool_choice").asText())
        .containsExactly("auto", "auto", "none");

    model.reset();
    for (int i = 0; i <= MAX_TOOL_ROUNDS; i++) {
      model.thenToolCalls(new ToolCall("s" + i, "get_task", "{\"taskId\": \"nope\"}"));
    }
    HttpResponse<String> failed = harness.chat(user, "Loop forever", null);
    assertThat(failed.statusCode()).as(failed.body()).isEqualTo(502);
    assertThat(json(failed).path("detail").asText()).contains("still asked for tools");
    assertThat(json(failed).path("toolCalls")).hasSize(MAX_TOOL_ROUNDS);
    assertThat(model.requests()).hasSize(MAX_TOOL_ROUNDS + 1);
  }

  @Test
  void twoMessagesToOneConversationAtOnceAreBothKept() {
    model.thenText("Start.");
    String id = json(harness.chat(user, "Start", null)).path("conversationId").asText();
    model.thenText("A.").thenText("B.");
    CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> harness.chat(user, "one", id));
    CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> harness.chat(user, "two", id));
    assertThat(first.join().statusCode()).isEqualTo(200);
    assertThat(second.join().statusCode()).isEqualTo(200);
    JsonNode messages = json(harness.get("/api/" + user + "/conversations/" + id, harness.token(user))).path("messages");
    assertThat(messages).hasSize(6);
    assertThat(messages).extracting(m -> m.path("content").asText()).contains("one", "two");
  }

  @Test
  void aConversationDeletedWhileItsMessageIsAnsweredIsAConflictNotAResurrection() {
    model.thenText("Start.");
    String id = json(harness.chat(user, "Start", null)).path("conversationId").asText();
    model.thenTextAfter(java.time.Duration.ofSeconds(2), "Too late.");
    CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> harness.chat(user, "more", id));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> model.requests().size() == 2);
    assertThat(harness.delete("/api/" + user + "/conversations/" + id, harness.token(user)).statusCode()).isEqualTo(204);
    HttpResponse<String> response = answer.join();
    assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
    assertThat(json(response).path("type").asText()).endsWith("conversation-gone");
    assertThat(harness.get("/api/" + user + "/conversations/" + id, harness.token(user)).statusCode()).isEqualTo(404);
  }

  @Test
  void aLongConversationStaysBoundedInStoreAndInWhatTheModelGets() {
    String filler = "x".repeat(3_900);
    String id = null;
    int turns = Conversations.MAX_STORED_MESSAGES / 2 + 10;
    for (int i = 0; i < turns; i++) {
      model.thenText("ok " + i + " " + filler);
      HttpResponse<String> response = harness.chat(user, "message " + i + " " + filler, id);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      id = json(response).path("conversationId").asText();
      List<JsonNode> sent = model.lastRequest().messages();
      int historyChars = sent.subList(1, sent.size() - 1).stream().mapToInt(m -> Request.text(m).length()).sum();
      assertThat(sent.size() - 2).isLessThanOrEqualTo(HistoryWindow.MAX_MESSAGES);
      assertThat(historyChars).isLessThanOrEqualTo(HistoryWindow.MAX_CHARS);
    }
    HttpResponse<String> stored = harness.get("/api/" + user + "/conversations/" + id, harness.token(user));
    JsonNode conversation = json(stored);
    assertThat(conversation.path("messages").size()).isLessThanOrEqualTo(Conversations.MAX_STORED_MESSAGES);
    assertThat(conversation.path("droppedMessages").asInt()).isPositive();
    assertThat(conversation.path("messages").get(0).path("role").asText()).isEqualTo("user");
    assertThat(conversation.path("messages").get(conversation.path("messages").size() - 1).path("content").asText())
        .startsWith("ok " + (turns - 1));
    assertThat(stored.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(Conversations.MAX_DOCUMENT_BYTES);
  }

  @Test
  void aUsersIndexKeepsTheNewestConversationsAndDeletesTheEvictedOnes() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i <= Conversations.MAX_CONVERSATIONS_PER_USER; i++) {
      model.thenText("ok");
      HttpResponse<String> response = harness.chat(user, "conversation " + i, null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      ids.add(json(response).path("conversationId").asText());
    }
    JsonNode items = json(harness.get("/api/" + user + "/conversations", harness.token(user))).path("items");
    assertThat(items).hasSize(Conversations.MAX_CONVERSATIONS_PER_USER);
    assertThat(items.get(0).path("id").asText()).isEqualTo(ids.get(ids.size() - 1));
    assertThat(items).extracting(i -> i.path("id").asText()).doesNotContain(ids.get(0));
    assertThat(harness.get("/api/" + user + "/conversations/" + ids.get(0), harness.token(user)).statusCode())
        .isEqualTo(404);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no message            | {}                                          | message",
      "blank message         | {\"message\": \"  \"}                       | message",
      "control characters    | {\"message\": \"\\u001f\\u0085\"}            | message",
      "message not a string  | {\"message\": 42}                           | message",
      "unknown field         | {\"message\": \"hi\", \"model\": \"gpt\"}   | model",
      "bad conversation id   | {\"message\": \"hi\", \"conversationId\": \"../x\"} | conversationId",
      "not an object         | [1, 2]                                      | body",
      "malformed JSON        | {\"message\":                               | body"})
  void badRequestsAreProblemsNamingTheField(String name, String body, String field) {
    HttpResponse<String> response = harness.post("/api/" + user + "/chat", harness.token(user), body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(response).path("errors")).extracting(e -> e.path("field").asText()).contains(field);
    assertThat(model.requests()).isEmpty();
  }

  @Test
  void tooLongMessagesUnknownConversationsAndWrongMediaTypesAreRefused() {
    String tooLong = Json.write(Map.of("message", "y".repeat(4_001)));
    HttpResponse<String> longMessage = harness.post("/api/" + user + "/chat", harness.token(user), tooLong);
    assertThat(longMessage.statusCode()).isEqualTo(400);
    assertThat(json(longMessage).path("errors").get(0).path("message").asText()).contains("at most 4000");

    HttpResponse<String> unknown = harness.chat(user, "hi", UUID.randomUUID().toString());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("errors").get(0).path("field").asText()).isEqualTo("conversationId");

    HttpResponse<String> huge = harness.post("/api/" + user + "/chat", harness.token(user),
        Json.write(Map.of("message", "z".repeat(70_000))));
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(model.requests()).isEmpty();
  }

  @Test
  void tokensAreCheckedAndBoundToTheUserInThePath() {
    assertThat(harness.get("/api/" + user + "/conversations", null).statusCode()).isEqualTo(401);
    HttpResponse<String> otherUser = harness.get("/api/" + user + "/conversations", harness.token("someone-else"));
    assertThat(otherUser.statusCode()).isEqualTo(403);
    String expired = com.auth0.jwt.JWT.create().withSubject(user)
        .withExpiresAt(java.time.Instant.now().minusSeconds(3600))
        .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(harness.jwtSecret));
    HttpResponse<String> expiredResponse = harness.get("/api/" + user + "/conversations", expired);
    assertThat(expiredResponse.statusCode()).isEqualTo(401);
    assertThat(expiredResponse.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    String noExpiry = com.auth0.jwt.JWT.create().withSubject(user)
        .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(harness.jwtSecret));
    assertThat(json(harness.get("/api/" + user + "/conversations", noExpiry)).path("detail").asText())
        .contains("'exp'");
    String wrongKey = com.auth0.jwt.JWT.create().withSubject(user)
        .withExpiresAt(java.time.Instant.now().plusSeconds(3600))
        .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256("not-the-platform-secret"));
    assertThat(harness.get("/api/" + user + "/conversations", wrongKey).statusCode()).isEqualTo(401);
    String hs384 = com.auth0.jwt.JWT.create().withSubject(user)
        .withExpiresAt(java.time.Instant.now().plusSeconds(3600))
        .sign(com.auth0.jwt.algorithms.Algorithm.HMAC384(harness.jwtSecret));
    assertThat(harness.get("/api/" + user + "/conversations", hs384).statusCode()).isEqualTo(401);
  }

  @Test
  void probesAndMetrics() {
    assertThat(harness.get("/healthz", null).statusCode()).isEqualTo(200);
    JsonNode ready = json(harness.get("/readyz", null));
    assertThat(ready.path("checks").path("dapr-sidecar").asText()).isEqualTo("ok");
    assertThat(ready.path("checks").path("jwt-secret").asText()).isEqualTo("ok");
    model.thenText("hi");
    harness.chat(user, "hello", null);
    String metrics = harness.get("/metrics", null).body();
    assertThat(metrics).contains("chat_turns_total{outcome=\"answered\"}")
        .contains("chat_model_calls_seconds_count{outcome=\"text\"}")
        .contains("http_server_requests_seconds_count{method=\"POST\",route=\"/api/{userId}/chat\",status=\"200\"}");
  }
}
