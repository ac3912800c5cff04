package io.todoplatform.e2e.chat;

import static io.todoplatform.e2e.chat.ChatStack.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.todoplatform.testkit.kafka.TopicRecorder;
import io.todoplatform.testkit.model.ScriptedModelServer;
import io.todoplatform.testkit.model.ScriptedModelServer.Request;
import io.todoplatform.testkit.model.ScriptedModelServer.ToolCall;
import io.todoplatform.testkit.process.TempDirs;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chatbot end to end (issue 11): chat-api and the todo backend, each beside its own real daprd with the Dapr
 * resources the operator renders, talking through Dapr service invocation over mTLS (certificates from a real
 * Sentry) under the backend's rendered access-control policy; the model behind Dapr's Conversation API is the
 * scripted OpenAI-compatible server ({@link ScriptedModelServer}, a double for an LLM: none is reachable here).
 * Everything else is real: Kafka, PostgreSQL, the Scheduler, both jars as processes ({@link ChatStack}).
 */
class ChatEndToEndIT {

    static Path workDir;
    static ChatStack stack;
    static ScriptedModelServer model;
    static final AtomicInteger users = new AtomicInteger();
    String user;

    @BeforeAll
    static void start() {
        workDir = TempDirs.create("chat-e2e");
        stack = ChatStack.start(workDir);
        model = stack.model;
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        TempDirs.deleteRecursively(workDir);
    }

    @BeforeEach
    void freshUser() {
        model.reset();
        model.requireApiKey(stack.apiKey);
        user = "chat-user-" + users.incrementAndGet();
    }

    @Test
    void aChatMessageCreatesATaskThroughInvocationAndAFollowUpContinuesTheConversation() throws Exception {
        model.thenToolCalls(new ToolCall("call-add", "add_task",
                        "{\"title\": \"Buy oat milk\", \"priority\": \"high\", \"tags\": [\"shopping\"]}"))
                .thenText("I added 'Buy oat milk' with high priority.");
        HttpResponse<String> first = stack.chat(user, "Remind me to buy oat milk, it's important", null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode answer = json(first);
        String conversationId = answer.path("conversationId").asText();
        assertThat(answer.path("reply").asText()).isEqualTo("I added 'Buy oat milk' with high priority.");
        JsonNode call = answer.path("toolCalls").get(0);
        assertThat(call.path("name").asText()).isEqualTo("add_task");
        assertThat(call.path("arguments").path("title").asText()).isEqualTo("Buy oat milk");
        assertThat(call.path("result").path("ok").asBoolean()).isTrue();
        String taskId = call.path("result").path("task").path("id").asText();
        assertThat(taskId).matches("[0-9a-f-]{36}");

        // The model got the key through the component's secretKeyRef, the six tools, and then the tool result.
        List<Request> requests = model.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests).extracting(Request::authorization).containsOnly("Bearer " + stack.apiKey);
        assertThat(requests.get(0).toolNames()).containsExactlyInAnyOrder("add_task", "list_tasks", "get_task",
                "update_task", "complete_task", "delete_task");
        assertThat(requests.get(0).toolParameters("list_tasks").path("properties").path("status").path("enum"))
                .extracting(JsonNode::asText).containsExactly("all", "pending", "completed");
        JsonNode toolResult = last(requests.get(1).messages());
        assertThat(toolResult.path("role").asText()).isEqualTo("tool");
        assertThat(toolResult.path("tool_call_id").asText()).isEqualTo("call-add");
        assertThat(Request.text(toolResult)).contains(taskId).contains("Buy oat milk");

        // The backend made the task: its API shows it, its row is in PostgreSQL, its event is on Kafka.
        JsonNode task = json(stack.backendGet(user, "/tasks/" + taskId));
        assertThat(task.path("title").asText()).isEqualTo("Buy oat milk");
        assertThat(task.path("priority").asText()).isEqualTo("high");
        assertThat(task.path("tags")).extracting(JsonNode::asText).containsExactly("shopping");
        assertThat(stateValue(stack.backendAppId + "||task:" + taskId)).contains("Buy oat milk");
        TopicRecorder.Message created = awaitEvent("com.todo.task.created", taskId);
        assertThat(created.key()).isEqualTo(user);

        // The conversation itself is a state document of chat-api, with an expiry (retention).
        assertThat(stateValue(stack.chatAppId + "||conversation:" + user + ":" + conversationId))
                .contains("Remind me to buy oat milk").contains("call-add");
        assertThat(expiresAt(stack.chatAppId + "||conversation:" + user + ":" + conversationId)).isTrue();

        // A follow-up in the same conversation: the model sees the history, completes the task by its id.
        model.reset();
        model.thenToolCalls(new ToolCall("call-done", "complete_task", "{\"taskId\": \"" + taskId + "\"}"))
                .thenText("Marked it as done.");
        HttpResponse<String> second = stack.chat(user, "I bought it", conversationId);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(json(second).path("conversationId").asText()).isEqualTo(conversationId);
        List<JsonNode> history = model.requests().get(0).messages();
        assertThat(history).extracting(m -> m.path("role").asText())
                .containsExactly("system", "user", "assistant", "tool", "assistant", "user");
        assertThat(Request.text(history.get(1))).isEqualTo("Remind me to buy oat milk, it's important");
        assertThat(history.get(2).path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("add_task");
        assertThat(Request.text(history.get(3))).contains(taskId);
        assertThat(Request.text(history.get(4))).isEqualTo("I added 'Buy oat milk' with high priority.");
        assertThat(Request.text(history.get(5))).isEqualTo("I bought it");
        assertThat(json(stack.backendGet(user, "/tasks/" + taskId)).path("completed").asBoolean()).isTrue();
        awaitEvent("com.todo.task.completed", taskId);

        // A backend refusal (4xx) is a tool result the model reads, not a failure of the message.
        model.reset();
        String unknown = UUID.randomUUID().toString();
        model.thenToolCalls(new ToolCall("call-get", "get_task", "{\"taskId\": \"" + unknown + "\"}"))
                .thenText("I cannot find that task.");
        HttpResponse<String> third = stack.chat(user, "Show me task " + unknown, conversationId);
        assertThat(third.statusCode()).as(third.body()).isEqualTo(200);
        JsonNode refused = json(third).path("toolCalls").get(0).path("result");
        assertThat(refused.path("ok").asBoolean(true)).isFalse();
        assertThat(refused.path("status").asInt()).isEqualTo(404);

        JsonNode conversation = json(stack.chatGet(user, "/conversations/" + conversationId));
        assertThat(conversation.path("messages")).hasSize(12);
    }

    @Test
    void theBackendsAccessControlLetsChatApiCallItsTaskRoutesOnlyAndRefusesAnyOtherApp() {
        String tasks = "/api/" + user + "/tasks";
        // chat-api's sidecar, identified by its Sentry certificate, reaches the task routes (the tools' path).
        HttpResponse<String> allowed = invoke(stack.chatDapr.httpUrl(), tasks);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(json(allowed).path("items")).isEmpty();
        // ... and nothing else of the backend, though the backend would serve it.
        HttpResponse<String> activity = invoke(stack.chatDapr.httpUrl(), "/api/" + user + "/activity");
        assertThat(activity.statusCode()).as(activity.body()).isEqualTo(403);
        assertThat(stack.backendGet(user, "/activity").statusCode()).isEqualTo(200);
        // A third app of the same namespace, with a valid certificate and a valid user token, is refused outright.
        HttpResponse<String> refused = invoke(stack.intruder.httpUrl(), tasks);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("ERR_DIRECT_INVOKE").doesNotContain("items");
        HttpResponse<String> create = ChatStack.send(HttpRequest.newBuilder(URI.create(stack.intruder.httpUrl()
                        + "/v1.0/invoke/" + stack.backendAppId + "/method" + tasks))
                .header("Authorization", "Bearer " + stack.token(user)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"sneaked in\"}")));
        assertThat(create.statusCode()).as(create.body()).isEqualTo(403);
        assertThat(json(stack.backendGet(user, "/tasks")).path("items")).isEmpty();
    }

    /** GET through a sidecar's service invocation into the backend, with the user's token. */
    private HttpResponse<String> invoke(String sidecarUrl, String path) {
        return ChatStack.send(HttpRequest.newBuilder(URI.create(sidecarUrl + "/v1.0/invoke/" + stack.backendAppId
                        + "/method" + path))
                .header("Authorization", "Bearer " + stack.token(user)).GET());
    }

    @Test
    void aModelFailureAfterAToolRanLeavesNothingHalfWritten() throws Exception {
        model.thenText("Hello.");
        String conversationId = json(stack.chat(user, "Hello", null)).path("conversationId").asText();
        JsonNode before = json(stack.chatGet(user, "/conversations/" + conversationId));

        // The model asks for a task, the backend creates it, then the model fails before answering.
        model.thenToolCalls(new ToolCall("call-1", "add_task", "{\"title\": \"Call mom\"}"))
                .thenFailure(500, "the model crashed");
        HttpResponse<String> failed = stack.chat(user, "Remind me to call mom", conversationId);
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(502);
        JsonNode problem = json(failed);
        assertThat(problem.path("type").asText()).endsWith("model-failed");
        assertThat(problem.has("reply")).isFalse();
        JsonNode ran = problem.path("toolCalls");
        assertThat(ran).hasSize(1);
        String taskId = ran.get(0).path("result").path("task").path("id").asText();

        // The conversation is exactly as before; the task the tool made is complete, stored and published once.
        assertThat(json(stack.chatGet(user, "/conversations/" + conversationId))).isEqualTo(before);
        assertThat(json(stack.backendGet(user, "/tasks")).path("items")).extracting(t -> t.path("title").asText())
                .containsExactly("Call mom");
        awaitEvent("com.todo.task.created", taskId);

        // A failure before any tool: no task, no conversation, no event.
        model.thenFailure(503, "overloaded");
        HttpResponse<String> unavailable = stack.chat(user, "Add a task to water the plants", null);
        assertThat(unavailable.statusCode()).as(unavailable.body()).isEqualTo(503);
        assertThat(json(stack.chatGet(user, "/conversations")).path("items")).hasSize(1);
        assertThat(json(stack.backendGet(user, "/tasks")).path("items")).hasSize(1);
        assertThat(stack.recorder.messages(m -> m.key() != null && m.key().equals(user))).hasSize(1);
    }

    @Test
    void theModelsApiKeyNeverAppearsInChatApisLogsOrResponses() throws Exception {
        model.thenText("fine");
        HttpResponse<String> ok = stack.chat(user, "Hi", null);
        // The provider rejects the key and echoes it back in its error, as OpenAI does.
        model.requireApiKey("sk-revoked-" + ChatStack.randomHex(6));
        HttpResponse<String> rejected = stack.chat(user, "Hi again", null);
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(502);
        assertThat(model.lastRequest().authorization()).isEqualTo("Bearer " + stack.apiKey);

        String chatLog = Files.readString(stack.chat.logFile(), StandardCharsets.UTF_8);
        assertThat(chatLog).contains("Model call through component " + stack.modelComponent + " failed");
        for (String text : List.of(ok.body(), rejected.body(), chatLog,
                stack.chatGet(user, "/conversations").body(), stack.chat.url())) {
            assertThat(text).doesNotContain(stack.apiKey);
        }
        // chat-api's own sidecar will not hand the key to the app: only its component may use it.
        HttpResponse<String> secret = ChatStack.send(HttpRequest.newBuilder(URI.create(stack.chatDapr.httpUrl()
                + "/v1.0/secrets/kubernetes-secrets/" + ChatStack.MODEL_KEY_SECRET)).GET());
        assertThat(secret.statusCode()).isEqualTo(403);
        assertThat(secret.body()).doesNotContain(stack.apiKey);
    }

    private TopicRecorder.Message awaitEvent(String type, String taskId) {
        return Awaitility.await(type + " for " + taskId).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> stack.recorder.messages(m -> m.topic().equals(stack.topicTaskEvents())
                        && m.value().contains("\"" + type + "\"") && m.value().contains(taskId)), l -> l.size() == 1)
                .get(0);
    }

    /** The state row's value (decoded when the SDK stored it as bytes). */
    private static String stateValue(String key) throws Exception {
        try (Connection connection = stack.postgres.connect();
             PreparedStatement query = connection.prepareStatement("select value::text, isbinary from state where key = ?")) {
            query.setString(1, key);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("state row %s", key).isTrue();
                String value = row.getString(1);
                if (row.getBoolean(2)) {
                    String base64 = ChatStack.JSON.readTree(value).asText();
                    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
                }
                return value;
            }
        }
    }

    private static boolean expiresAt(String key) throws Exception {
        try (Connection connection = stack.postgres.connect();
             PreparedStatement query = connection.prepareStatement("select expiredate is not null from state where key = ?")) {
            query.setString(1, key);
            try (ResultSet row = query.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    private static JsonNode last(List<JsonNode> messages) {
        return messages.get(messages.size() - 1);
    }
}
