package io.todoplatform.testkit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.todoplatform.testkit.process.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A test double for a large language model: no LLM is reachable from this machine, so the tests run this
 * scripted OpenAI-compatible server ({@code POST /v1/chat/completions}, the API Dapr's {@code conversation.openai}
 * component calls) and point the component's {@code endpoint} at {@link #endpoint()}. It plays the model: every
 * request is recorded (the tests assert the tool schemas, the history and the API key it received) and answered
 * with the next scripted step: a text, tool calls, or an HTTP error.
 *
 * <p>Like OpenAI, a wrong API key is refused with 401 and an error message that echoes the key it got, and an
 * unscripted request gets a 500: both are model failures the service under test must handle.
 */
public final class ScriptedModelServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the server received: the Authorization header and the JSON body. */
    public record Request(String authorization, JsonNode body) {
        /** The {@code messages} array as sent. */
        public List<JsonNode> messages() {
            List<JsonNode> messages = new ArrayList<>();
            body.path("messages").forEach(messages::add);
            return messages;
        }

        /** The tool (function) names offered. */
        public List<String> toolNames() {
            List<String> names = new ArrayList<>();
            body.path("tools").forEach(t -> names.add(t.path("function").path("name").asText()));
            return names;
        }

        /** The JSON Schema of a tool's parameters, or a missing node. */
        public JsonNode toolParameters(String name) {
            for (JsonNode tool : body.path("tools")) {
                if (name.equals(tool.path("function").path("name").asText())) {
                    return tool.path("function").path("parameters");
                }
            }
            return JSON.missingNode();
        }

        /** A message's text, whether sent as a string or as content parts. */
        public static String text(JsonNode message) {
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                return content.asText();
            }
            StringBuilder text = new StringBuilder();
            content.forEach(part -> text.append(part.path("text").asText()));
            return text.toString();
        }
    }

    /** One scripted answer. */
    public sealed interface Step permits Text, ToolCalls, Failure, Delayed {
    }

    public record Text(String content) implements Step {
    }

    public record ToolCall(String id, String name, String arguments) {
    }

    public record ToolCalls(List<ToolCall> calls) implements Step {
    }

    public record Failure(int status, String message) implements Step {
    }

    /** A slow model: {@code step} after {@code delay} (for requests in flight during a shutdown or a delete). */
    public record Delayed(java.time.Duration delay, Step step) implements Step {
    }

    private final HttpServer server;
    private volatile String apiKey;
    private final String model;
    private final Deque<Step> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private Step unscripted;

    private ScriptedModelServer(HttpServer server, String apiKey, String model) {
        this.server = server;
        this.apiKey = apiKey;
        this.model = model;
    }

    /** @param apiKey the only key accepted (as {@code Authorization: Bearer <key>}) */
    public static ScriptedModelServer start(String apiKey, String model) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
            ScriptedModelServer scripted = new ScriptedModelServer(server, apiKey, model);
            server.createContext("/", scripted::handle);
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread thread = new Thread(r, "scripted-model");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return scripted;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the scripted model server", e);
        }
    }

    /** The OpenAI-style base URL, for the component's {@code endpoint} metadata. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public synchronized ScriptedModelServer thenText(String content) {
        script.addLast(new Text(content));
        return this;
    }

    public synchronized ScriptedModelServer thenToolCalls(ToolCall... calls) {
        script.addLast(new ToolCalls(List.of(calls)));
        return this;
    }

    public synchronized ScriptedModelServer thenFailure(int status, String message) {
        script.addLast(new Failure(status, message));
        return this;
    }

    /** The text after a delay; {@link #requests()} already shows the request while the answer waits. */
    public synchronized ScriptedModelServer thenTextAfter(java.time.Duration delay, String content) {
        script.addLast(new Delayed(delay, new Text(content)));
        return this;
    }

    /** Answers this text whenever the script is empty (a fuzzer sends messages no test scripted). */
    public synchronized ScriptedModelServer whenUnscriptedText(String content) {
        unscripted = new Text(content);
        return this;
    }

    /** From now on only this key is accepted (e.g. to play a provider that revoked the component's key). */
    public ScriptedModelServer requireApiKey(String key) {
        this.apiKey = key;
        return this;
    }

    /** Scripted steps not consumed yet. */
    public synchronized int pending() {
        return script.size();
    }

    public synchronized void reset() {
        script.clear();
        requests.clear();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public Request lastRequest() {
        List<Request> all = requests();
        if (all.isEmpty()) {
            throw new IllegalStateException("the model received no request");
        }
        return all.get(all.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/v1/chat/completions")) {
                send(exchange, 404, error("no route " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()));
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode body;
            try {
                body = JSON.readTree(raw);
            } catch (IOException e) {
                send(exchange, 400, error("body is not JSON"));
                return;
            }
            requests.add(new Request(authorization, body));
            if (!("Bearer " + apiKey).equals(authorization)) {
                String given = authorization == null ? "(none)" : authorization.replaceFirst("^Bearer ", "");
                send(exchange, 401, error("Incorrect API key provided: " + given));
                return;
            }
            Step step;
            synchronized (this) {
                step = script.isEmpty() ? unscripted : script.pollFirst();
            }
            if (step instanceof Delayed delayed) {
                try {
                    Thread.sleep(delayed.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                step = delayed.step();
            }
            if (step == null) {
                send(exchange, 500, error("the scripted model has no answer left"));
            } else if (step instanceof Failure failure) {
                send(exchange, failure.status(), error(failure.message()));
            } else {
                send(exchange, 200, completion(step));
            }
        }
    }

    private ObjectNode completion(Step step) {
        ObjectNode response = JSON.createObjectNode();
        response.put("id", "chatcmpl-scripted-" + requests.size());
        response.put("object", "chat.completion");
        response.put("created", System.currentTimeMillis() / 1000);
        response.put("model", model);
        ObjectNode choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (step instanceof Text text) {
            message.put("content", text.content());
            choice.put("finish_reason", "stop");
        } else {
            message.putNull("content");
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : ((ToolCalls) step).calls()) {
                ObjectNode item = calls.addObject();
                item.put("id", call.id());
                item.put("type", "function");
                item.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
            choice.put("finish_reason", "tool_calls");
        }
        response.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
        return response;
    }

    private static ObjectNode error(String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", "invalid_request_error");
        return body;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
