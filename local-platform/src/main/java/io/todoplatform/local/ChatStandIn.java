package io.todoplatform.local;

import io.todoplatform.testkit.platform.ChatDaprResources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * TEMPORARY, until the operator renders {@code spec.chat} (issue 11, phase B): chat-api beside its own daprd, from
 * what docs/chat-api.md says it needs: its Configuration and its conversation Component (the same hand-written
 * ones the chat end-to-end test uses, {@link ChatDaprResources}), the rendered state and secret stores (already
 * scoped to chat-api when the TodoPlatform lists it in spec.scopes), and its environment. As soon as render gives a
 * Dapr-enabled Deployment whose image is chat-api, the launcher runs that one like the backend and this class is
 * not used (delete it then).
 *
 * <p>The model: Dapr's {@code conversation.echo} by default (answers with the user's own words; no model needed),
 * or {@code conversation.openai} against any OpenAI-compatible server ({@code --model-endpoint}, e.g. a local
 * Ollama at http://127.0.0.1:11434/v1, with {@code --model}), its key from {@code TODO_MODEL_API_KEY}.
 */
final class ChatStandIn {

    static final String APP_ID = "chat-api";
    static final int DEFAULT_PORT = 8080;
    static final String CONFIGURATION = "chat-api-config";
    private static final String COMPONENT = "chat-model";
    private static final String KEY_SECRET = "chat-model-key";
    private static final String KEY_FIELD = "api-key";

    private ChatStandIn() {
    }

    /**
     * The model chat-api's component talks to.
     *
     * @param endpoint an OpenAI-compatible base URL, or null for conversation.echo
     * @param apiKey   the provider's key (a local server ignores it, but conversation.openai needs one)
     */
    record Model(String endpoint, String name, String apiKey) {

        /** The key conversation.openai is given when none is set: local servers (Ollama, llama.cpp) ignore it. */
        static final String NO_KEY = "not-needed-locally";

        static Model of(String endpoint, String name, String apiKey) {
            if (endpoint == null) {
                if (name != null) {
                    throw new UserError("--model: give --model-endpoint too (the OpenAI-compatible server that serves "
                            + name + "); without one chat-api talks to Dapr's conversation.echo");
                }
                return new Model(null, null, null);
            }
            if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                throw new UserError("--model-endpoint: an OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1"
                        + " (got " + endpoint + ")");
            }
            if (name == null || name.isBlank()) {
                throw new UserError("--model: name the model to use at " + endpoint + " (e.g. --model llama3.2)");
            }
            return new Model(endpoint, name, apiKey == null || apiKey.isBlank() ? NO_KEY : apiKey);
        }

        String describe() {
            return endpoint == null ? PlatformState.App.ECHO : name + " at " + endpoint;
        }
    }

    /** What keeps chat-api from running beside this TodoPlatform: its stores must be scoped to it. */
    static List<String> problems(RenderedPlatform rendered) {
        List<String> problems = new ArrayList<>();
        for (String type : List.of("state.", "secretstores.")) {
            JsonNode component = rendered.component(type).orElse(null);
            if (component == null) {
                problems.add("chat-api needs a " + type + "* component, and render gave none");
                continue;
            }
            JsonNode scopes = component.path("scopes");
            boolean allowed = scopes.isEmpty();
            for (JsonNode scope : scopes) {
                allowed |= APP_ID.equals(scope.asText());
            }
            if (!allowed) {
                problems.add("spec.scopes: chat-api uses the " + component.path("metadata").path("name").asText()
                        + " component, which is scoped to " + scopes + "; add chat-api to spec.scopes, or run without"
                        + " chat (--no-chat)");
            }
        }
        return problems;
    }

    /** chat-api as its Deployment will say once rendered: no app port (it serves nothing to daprd). */
    static AppSpec app(RenderedPlatform rendered, String backendAppId, int port) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PORT", Integer.toString(port));
        environment.put("CHAT_APP_ID", APP_ID);
        environment.put("CHAT_CONVERSATION_COMPONENT", COMPONENT);
        environment.put("CHAT_STATESTORE_NAME", name(rendered, "state."));
        environment.put("CHAT_SECRETSTORE_NAME", name(rendered, "secretstores."));
        environment.put("CHAT_BACKEND_APP_ID", backendAppId);
        return new AppSpec(APP_ID, AppProgram.CHAT_API, port, 0, CONFIGURATION, "info", false, null, null,
                environment, Map.of(), "chat-api (temporary, until spec.chat)");
    }

    /** Its Component and Configuration, beside the rendered ones. */
    static void write(Path daprDir, RenderedPlatform rendered, Path nameResolutionDb, Model model) {
        String secretStore = name(rendered, "secretstores.");
        Path resources = RenderedPlatform.resourcesDir(daprDir);
        if (model.endpoint() == null) {
            writeEchoComponent(resources.resolve("component-" + COMPONENT + ".yaml"));
        } else {
            ChatDaprResources.writeConversationComponent(resources, COMPONENT, model.endpoint(), model.name(),
                    secretStore, KEY_SECRET, KEY_FIELD, APP_ID);
        }
        ChatDaprResources.writeChatConfiguration(RenderedPlatform.configFile(daprDir, CONFIGURATION), secretStore,
                nameResolutionDb);
    }

    /** The model's key, read only by the component (chat-api's Configuration denies it to the app). */
    static void addSecrets(LocalSecrets secrets, Model model) {
        if (model.apiKey() != null) {
            secrets.put(KEY_SECRET, KEY_FIELD, model.apiKey());
        }
    }

    private static void writeEchoComponent(Path file) {
        String yaml = """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: conversation.echo
                  version: v1
                  metadata: []
                scopes:
                - %s
                """.formatted(COMPONENT, APP_ID);
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String name(RenderedPlatform rendered, String typePrefix) {
        return rendered.component(typePrefix).map(c -> c.path("metadata").path("name").asText())
                .orElseThrow(() -> new UserError("chat-api needs a " + typePrefix + "* component, and render gave none"));
    }
}
