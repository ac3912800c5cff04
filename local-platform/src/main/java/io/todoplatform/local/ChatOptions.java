package io.todoplatform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * What {@code up}'s command line changes in the TodoPlatform's {@code spec.chat} before the operator renders it:
 * chat-api is the Deployment render gives for spec.chat, run like the backend's; these options only edit the spec
 * (in a copy, {@link LocalHome#effectivePlatformFile()}), never what render makes of it.
 *
 * @param run           false: spec.chat.enabled false ({@code --no-chat})
 * @param port          spec.chat.port, or null to keep the file's ({@code --chat-port})
 * @param modelEndpoint an OpenAI-compatible base URL for spec.chat.model ({@code --model-endpoint}), or null
 * @param modelName     the model's name there ({@code --model})
 */
record ChatOptions(boolean run, Integer port, String modelEndpoint, String modelName) {

    /** The key conversation.openai is given when none is set ($TODO_MODEL_API_KEY): local servers ignore it. */
    static final String NO_KEY = "not-needed-locally";
    /** The Secret an endpoint from the command line reads its key from, unless spec.chat.model names one. */
    static final String KEY_SECRET = "chat-model-key";
    static final String KEY_FIELD = "api-key";
    private static final YAMLMapper YAML = new YAMLMapper();

    static ChatOptions of(boolean noChat, Integer port, String endpoint, String name) {
        if (endpoint == null) {
            if (name != null) {
                throw new UserError("--model: give --model-endpoint too (the OpenAI-compatible server that serves "
                        + name + ")");
            }
            return new ChatOptions(!noChat, port, null, null);
        }
        if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
            throw new UserError("--model-endpoint: an OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1"
                    + " (got " + endpoint + ")");
        }
        if (name == null || name.isBlank()) {
            throw new UserError("--model: name the model to use at " + endpoint + " (e.g. --model llama3.2)");
        }
        return new ChatOptions(!noChat, port, endpoint, name);
    }

    /** Writes the TodoPlatform with these options applied to {@code target} and returns it. */
    Path apply(Path todoPlatform, Path target) {
        try {
            JsonNode platform = YAML.readTree(todoPlatform.toFile());
            if (!(platform instanceof ObjectNode root) || !(root.path("spec") instanceof ObjectNode spec)) {
                throw new UserError(todoPlatform + " has no spec: not a TodoPlatform");
            }
            if (spec.path("chat") instanceof ObjectNode chat) {
                edit(chat);
            } else if (modelEndpoint != null || port != null) {
                throw new UserError((modelEndpoint != null ? "--model-endpoint" : "--chat-port") + ": " + todoPlatform
                        + " has no spec.chat, so there is no chat-api to configure");
            }
            YAML.writeValue(target.toFile(), root);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private void edit(ObjectNode chat) {
        if (!run) {
            chat.put("enabled", false);
        }
        if (port != null) {
            chat.put("port", port);
        }
        if (modelEndpoint != null) {
            JsonNode key = chat.path("model").path("apiKeySecretRef");
            ObjectNode model = chat.putObject("model").put("type", "openai").put("endpoint", modelEndpoint)
                    .put("model", modelName);
            if (key.isObject()) {
                model.set("apiKeySecretRef", key);
            } else {
                model.putObject("apiKeySecretRef").put("name", KEY_SECRET).put("key", KEY_FIELD);
            }
        }
    }
}
