package io.todoplatform.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/** What {@code up} prints once everything is healthy: where things are, a token, and three requests to try. */
final class Summary {

    private Summary() {
    }

    static void print(PrintStream out, PlatformState state, LocalHome home, Tokens tokens, String user) {
        Duration lifetime = tokens.defaultLifetime();
        String token = tokens.mint(user, lifetime);
        PlatformState.App backend = state.backend();
        out.println();
        out.println("TodoPlatform is running, from " + home.display(Path.of(state.todoPlatform())) + ":");
        out.println();
        for (PlatformState.App app : state.apps()) {
            out.printf("  %-11s %-24s beside daprd (Dapr HTTP API http://127.0.0.1:%d)%s%n", app.appId(), app.url(),
                    app.daprHttpPort(), app.model() == null ? "" : "; model: " + app.model());
        }
        out.printf("  %-11s %-24s SASL/SCRAM-SHA-256, user %s, topics %s%n", "Kafka", state.kafka().bootstrapServers(),
                state.kafka().user(), String.join(", ", state.kafka().topics()));
        out.printf("  %-11s 127.0.0.1:%-14d database %s, user %s%n", "PostgreSQL", state.postgres().port(),
                state.postgres().database(), state.postgres().user());
        out.printf("  %-11s %s%n", "Scheduler", state.scheduler());
        out.printf("  %-11s %s (passwords: %s)%n", "Files", home.display(home.root()) + "/", home.display(home.secretsFile()));
        out.printf("  %-11s %s/%n", "Logs", home.display(home.logsDir()));
        out.println();
        out.println("A token for user " + user + " (HS256 with the local jwt-secret, valid for "
                + lifetime.toString().substring(2).toLowerCase() + "; a new one: hack/platform.sh token):");
        out.println();
        out.println("  export TOKEN=" + token);
        out.println();
        out.println("Try (create a task; list the tasks; the activity feed, filled from Kafka by the backend's"
                + " subscription):");
        out.println();
        String tasks = backend.url() + "/api/" + user + "/tasks";
        out.println("  curl -s -X POST -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json'"
                + " -d '{\"title\":\"Try TodoPlatform\"}' " + tasks);
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + tasks);
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + backend.url() + "/api/" + user + "/activity");
        state.app(AppProgram.CHAT_API.imageName()).ifPresent(chat -> {
            out.println();
            if (PlatformState.App.ECHO.equals(chat.model())) {
                // Dapr's echo component answers every request that offers tools with a call of every tool, so a
                // chat message ends in 502 (the model never stops asking for tools): say so instead of showing it.
                out.println("chat-api talks to Dapr's conversation.echo, a test double that cannot hold a conversation"
                        + " (messages are answered 502). For a real model: up --model-endpoint URL --model NAME (any"
                        + " OpenAI-compatible server, e.g. a local Ollama at http://127.0.0.1:11434/v1). Its API:");
                out.println();
                out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + chat.url() + "/api/" + user + "/conversations");
            } else {
                out.println("Chat (chat-api, " + chat.model() + "):");
                out.println();
                out.println("  curl -s -X POST -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json'"
                        + " -d '{\"message\":\"What are my tasks?\"}' " + chat.url() + "/api/" + user + "/chat");
                if (chat.modelEndpoint() != null && !ModelServerProbe.answers(chat.modelEndpoint())) {
                    out.println();
                    out.println("Nothing answers at " + chat.modelEndpoint() + " yet: chat messages get 502/503 until an"
                            + " OpenAI-compatible server serves the model there (e.g. `ollama serve` and `ollama pull"
                            + " llama3.2`), or run up with --model-endpoint URL --model NAME (after down).");
                }
            }
        });
        out.println();
        out.println("Events on Kafka: hack/platform.sh events    Health: hack/platform.sh status");
        out.println("Stop: hack/platform.sh down    (the data stays for the next up; down --reset deletes it)");
    }
}
