package io.todoplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.todoplatform.testkit.model.ScriptedModelServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local platform as a user runs it, every program real (PostgreSQL, Kafka with SASL/SCRAM, the Dapr Scheduler,
 * todo-app and chat-api beside their daprd): up serves the API and the task's event reaches Kafka; down stops
 * exactly what up started; the next up finds the data again (and the same token works), with chat-api talking to an
 * OpenAI-compatible model server given on the command line; down --reset deletes the data.
 * The launcher runs in this JVM; the programs it starts are detached processes, as from hack/platform.sh.
 */
class LocalPlatformIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestPlatform platform;

    @BeforeAll
    static void newPlatform() {
        platform = new TestPlatform("it");
    }

    @AfterAll
    static void stopWhateverRuns() {
        platform.run("down");
    }

    @Test
    void upServesTheApiDownStopsItAndTheDataLivesUntilReset() throws Exception {
        TestPlatform.Result up = platform.up();
        assertThat(up.status()).as(up.toString()).isZero();
        // chat-api from its rendered Deployment, its model samples/local.yaml's (nothing serves it here: the summary
        // says so).
        assertThat(up.out()).contains("TodoPlatform is running", platform.backendUrl(),
                "curl -s -X POST -H \"Authorization: Bearer $TOKEN\"", "/api/local-user/activity",
                "Chat (chat-api, llama3.2 at http://127.0.0.1:11434/v1)", "Nothing answers at http://127.0.0.1:11434/v1");
        String token = up.token();
        List<RecordedProcess> started = platform.runDir().running();
        assertThat(started).extracting(RecordedProcess::name).containsExactlyInAnyOrder("postgres", "kafka", "scheduler",
                "sentry", "backend", "daprd-backend", "chat-api", "daprd-chat-api");

        // The summary's first request, then its event on Kafka and, through the backend's subscription, in the feed.
        HttpResponse<String> created = TestPlatform.send(HttpRequest.newBuilder(
                        URI.create(platform.backendUrl() + "/api/local-user/tasks"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Survive a restart\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String taskId = JSON.readTree(created.body()).path("id").asText();
        assertThat(eventually(() -> events(), out -> out.contains(taskId))).contains("task-events/", "com.todo.task.created");
        assertThat(eventually(() -> get("/api/local-user/activity", token), body -> body.contains(taskId)))
                .contains("com.todo.task.created");
        // chat-api beside its sidecar: authenticated, its state store reachable.
        HttpResponse<String> conversations = TestPlatform.send(TestPlatform.get(
                "http://127.0.0.1:" + platform.chatPort + "/api/local-user/conversations", token));
        assertThat(conversations.statusCode()).as(conversations.body()).isEqualTo(200);

        TestPlatform.Result again = platform.up();
        assertThat(again.status()).as(again.toString()).isZero();
        assertThat(again.out()).contains("already running");
        assertThat(platform.runDir().running()).containsExactlyInAnyOrderElementsOf(started);

        TestPlatform.Result status = platform.run("status");
        assertThat(status.status()).as(status.toString()).isZero();
        assertThat(status.out()).doesNotContain("DOWN", "EXITED", "NOT READY");

        TestPlatform.Result down = platform.run("down");
        assertThat(down.status()).as(down.toString()).isZero();
        assertThat(started).allSatisfy(p -> assertThat(ProcessHandle.of(p.pid()).filter(ProcessHandle::isAlive))
                .as(p.name() + " still runs").isEmpty());
        assertThat(platform.runDir().recorded()).isEmpty();
        assertThat(Prerequisites.free(platform.backendPort) && Prerequisites.free(platform.kafkaPort)
                && Prerequisites.free(platform.portBase)).as("ports released").isTrue();
        assertThat(Files.readString(platform.home.resolve("logs/postgres.log")))
                .as("PostgreSQL stopped cleanly (SIGINT: fast shutdown)").contains("received fast shutdown request",
                        "database system is shut down");
        assertThat(platform.run("status").status()).isEqualTo(PlatformStatus.NOT_RUNNING);

        // Restarted, with chat-api's model an OpenAI-compatible server (a scripted double: no LLM runs here).
        try (ScriptedModelServer model = ScriptedModelServer.start(ChatOptions.NO_KEY, "scripted-model")) {
            model.thenToolCalls(new ScriptedModelServer.ToolCall("call-1", "list_tasks", "{}"))
                    .thenText("You have one task: Survive a restart.");
            TestPlatform.Result restarted = platform.up("--model-endpoint", model.endpoint(), "--model", "scripted-model");
            assertThat(restarted.status()).as(restarted.toString()).isZero();
            assertThat(restarted.out()).contains("model: scripted-model at " + model.endpoint(),
                    "-d '{\"message\":\"What are my tasks?\"}' http://127.0.0.1:" + platform.chatPort + "/api/local-user/chat");
            assertThat(get("/api/local-user/tasks", token)).as("the task, read with the token of the first run")
                    .contains(taskId, "Survive a restart");
            assertThat(events()).contains(taskId);

            HttpResponse<String> chat = TestPlatform.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + platform.chatPort + "/api/local-user/chat"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"What are my tasks?\"}")));
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(chat.body());
            assertThat(answer.path("reply").asText()).isEqualTo("You have one task: Survive a restart.");
            assertThat(answer.path("toolCalls").path(0).path("result").toString())
                    .as("list_tasks ran against the backend through service invocation").contains(taskId);
        }

        TestPlatform.Result reset = platform.run("down", "--reset");
        assertThat(reset.status()).as(reset.toString()).isZero();
        assertThat(platform.home.resolve("data")).doesNotExist();
        assertThat(platform.home.resolve("credentials.json")).doesNotExist();

        TestPlatform.Result fresh = platform.up("--no-chat");
        assertThat(fresh.status()).as(fresh.toString()).isZero();
        String newToken = fresh.token();
        JsonNode tasks = JSON.readTree(get("/api/local-user/tasks", newToken));
        assertThat(tasks.path("items")).as("tasks after down --reset").isEmpty();
        assertThat(TestPlatform.send(TestPlatform.get(platform.backendUrl() + "/api/local-user/tasks", token))
                .statusCode()).as("a token signed with the deleted secret").isEqualTo(401);
        assertThat(events()).doesNotContain(taskId);
    }

    private static String get(String path, String token) {
        HttpResponse<String> response = TestPlatform.send(TestPlatform.get(platform.backendUrl() + path, token));
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** {@code events}: the records on the platform's topics. */
    private static String events() {
        TestPlatform.Result events = platform.run("events");
        assertThat(events.status()).as(events.toString()).isZero();
        return events.out();
    }

    private static String eventually(java.util.function.Supplier<String> read, java.util.function.Predicate<String> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = read.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            last = read.get();
        }
        return last;
    }
}
