package io.todoplatform.e2e.chat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.dapr.DaprBinaries;
import io.todoplatform.testkit.dapr.DaprScheduler;
import io.todoplatform.testkit.dapr.DaprSidecar;
import io.todoplatform.testkit.kafka.KafkaBroker;
import io.todoplatform.testkit.kafka.TopicRecorder;
import io.todoplatform.testkit.model.ScriptedModelServer;
import io.todoplatform.testkit.platform.ChatApiProcess;
import io.todoplatform.testkit.platform.ChatDaprResources;
import io.todoplatform.testkit.platform.OperatorRender;
import io.todoplatform.testkit.platform.TodoAppProcess;
import io.todoplatform.testkit.postgres.PostgresServer;
import io.todoplatform.testkit.process.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The chatbot end to end, every part real except the LLM: Kafka (SASL/SCRAM), PostgreSQL, the Dapr Scheduler,
 * {@code todo-app.jar} beside its daprd as the operator renders it (samples/production.yaml), and {@code chat-api.jar}
 * beside its own daprd, whose {@code conversation.openai} component calls a {@link ScriptedModelServer} (a double
 * for the model: no LLM is reachable here). chat-api's tools reach the backend through Dapr service invocation
 * between the two sidecars, resolved by the {@code sqlite} name resolver on a file both share (offline; each daprd
 * registers 127.0.0.1 through {@code DAPR_HOST_IP}).
 *
 * <p>TEMPORARY until the operator renders {@code spec.chat}: chat-api's conversation Component and Configuration are
 * hand-written ({@link ChatDaprResources}), and the name resolver is added to the backend's rendered Configuration.
 * The state store and secret store chat-api uses are the rendered ones (already scoped to chat-api).
 *
 * <p>Phase B (mTLS through Sentry, access control) plugs in through {@link SidecarSecurity}: it gets every sidecar's
 * builder (flags, environment) before start; today's is plain TCP between the sidecars.
 */
final class ChatStack implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHAT_APP_ID = "chat-api";
    static final String MODEL_COMPONENT = "chat-model";
    static final String MODEL_KEY_SECRET = "cohere-api-key";
    static final String MODEL_NAME = "command-r-scripted";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What a secured deployment adds to each sidecar (phase B: --enable-mtls, Sentry address, trust anchors). */
    interface SidecarSecurity extends UnaryOperator<DaprSidecar.Builder> {
        SidecarSecurity PLAIN = builder -> builder;
    }

    final KafkaBroker kafka;
    final PostgresServer postgres;
    final DaprScheduler scheduler;
    final ScriptedModelServer model;
    final String jwtSecret = randomHex(24);
    final String apiKey = "sk-e2e-" + randomHex(24);
    final Map<String, String> backendEnvironment;
    final String backendAppId;
    final TopicRecorder recorder;
    final TodoAppProcess backend;
    final DaprSidecar backendDapr;
    final DaprSidecar chatDapr;
    final ChatApiProcess chat;

    private final List<AutoCloseable> started = new ArrayList<>();

    private ChatStack(Path workDir, SidecarSecurity security) {
        try {
            DaprBinaries.locate().requireBuilt();
            kafka = track(KafkaBroker.start());
            postgres = track(PostgresServer.start());
            scheduler = track(DaprScheduler.start());
            model = track(ScriptedModelServer.start(apiKey, MODEL_NAME));
            Path nameResolutionDb = workDir.resolve("name-resolution.db");

            Path cr = writeTodoPlatform(workDir.resolve("todoplatform.yaml"));
            Path secrets = writeSecrets(workDir.resolve("secrets.json"));
            Path backendDaprDir = workDir.resolve("backend-dapr");
            OperatorRender.selfHostedInto(cr, secrets, backendDaprDir);
            addNameResolution(backendDaprDir.resolve("config.yaml"), nameResolutionDb);
            JsonNode deployment = OperatorRender.ofKind(OperatorRender.kubernetes(cr), "Deployment").stream()
                    .filter(d -> d.path("spec").path("template").path("metadata").path("annotations").has("dapr.io/app-id"))
                    .findFirst().orElseThrow();
            backendAppId = deployment.path("spec").path("template").path("metadata").path("annotations")
                    .path("dapr.io/app-id").asText();

            Map<String, String> env = new LinkedHashMap<>(containerEnvironment(deployment));
            List<String> topics = List.of(env.get("TODO_TOPIC_TASK_EVENTS"), env.get("TODO_TOPIC_TASK_UPDATES"),
                    env.get("TODO_TOPIC_REMINDERS"));
            kafka.createTopics(1, topics.toArray(String[]::new));
            recorder = track(TopicRecorder.start(kafka, topics));

            int backendPort = FreePorts.next();
            int backendDaprHttp = FreePorts.next();
            int backendDaprGrpc = FreePorts.next();
            env.put("PORT", Integer.toString(backendPort));
            env.put("DAPR_HTTP_PORT", Integer.toString(backendDaprHttp));
            env.put("DAPR_GRPC_PORT", Integer.toString(backendDaprGrpc));
            backendEnvironment = Map.copyOf(env);
            backend = track(TodoAppProcess.start(backendEnvironment));
            backendDapr = track(security.apply(DaprSidecar.builder(backendAppId)
                    .appPort(backendPort)
                    .apiPorts(backendDaprHttp, backendDaprGrpc)
                    .resourcesPath(backendDaprDir.resolve("resources"))
                    .config(backendDaprDir.resolve("config.yaml"))
                    .scheduler(scheduler)
                    .env("DAPR_HOST_IP", "127.0.0.1")
                    .startTimeout(Duration.ofSeconds(90))).start());
            backend.awaitReady(Duration.ofSeconds(60));

            Path chatResources = workDir.resolve("chat-dapr/resources");
            String stateStore = copyRendered(backendDaprDir.resolve("resources"), chatResources, "state.");
            String secretStore = copyRendered(backendDaprDir.resolve("resources"), chatResources, "secretstores.");
            ChatDaprResources.writeConversationComponent(chatResources, MODEL_COMPONENT, model.endpoint(), MODEL_NAME,
                    secretStore, MODEL_KEY_SECRET, "api-key", CHAT_APP_ID);
            Path chatConfig = ChatDaprResources.writeChatConfiguration(workDir.resolve("chat-dapr/config.yaml"),
                    secretStore, nameResolutionDb);
            chatDapr = track(security.apply(DaprSidecar.builder(CHAT_APP_ID)
                    .resourcesPath(chatResources)
                    .config(chatConfig)
                    .scheduler(scheduler)
                    .env("DAPR_HOST_IP", "127.0.0.1")
                    .startTimeout(Duration.ofSeconds(90))).start());

            Map<String, String> chatEnv = new LinkedHashMap<>();
            chatEnv.put("PORT", Integer.toString(FreePorts.next()));
            chatEnv.put("DAPR_HTTP_PORT", Integer.toString(chatDapr.httpPort()));
            chatEnv.put("DAPR_GRPC_PORT", Integer.toString(chatDapr.grpcPort()));
            chatEnv.put("CHAT_CONVERSATION_COMPONENT", MODEL_COMPONENT);
            chatEnv.put("CHAT_STATESTORE_NAME", stateStore);
            chatEnv.put("CHAT_SECRETSTORE_NAME", secretStore);
            chatEnv.put("CHAT_BACKEND_APP_ID", backendAppId);
            chatEnv.put("CHAT_RETENTION_SECONDS", "86400");
            chat = track(ChatApiProcess.start(chatEnv));
            chat.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    static ChatStack start(Path workDir) {
        return new ChatStack(workDir, SidecarSecurity.PLAIN);
    }

    String topicTaskEvents() {
        return backendEnvironment.get("TODO_TOPIC_TASK_EVENTS");
    }

    String token(String user) {
        return JWT.create().withSubject(user).withIssuedAt(Instant.now())
                .withExpiresAt(Instant.now().plus(Duration.ofHours(1))).sign(Algorithm.HMAC256(jwtSecret));
    }

    /** POST /api/{user}/chat on chat-api. */
    HttpResponse<String> chat(String user, String message, String conversationId) {
        ObjectNode body = JSON.createObjectNode().put("message", message);
        if (conversationId != null) {
            body.put("conversationId", conversationId);
        }
        return send(HttpRequest.newBuilder(URI.create(chat.url() + "/api/" + user + "/chat"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token(user))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    HttpResponse<String> chatGet(String user, String path) {
        return send(HttpRequest.newBuilder(URI.create(chat.url() + "/api/" + user + path))
                .header("Authorization", "Bearer " + token(user)).GET());
    }

    /** GET on the backend's own REST API (not through chat), as the user. */
    HttpResponse<String> backendGet(String user, String path) {
        return send(HttpRequest.newBuilder(URI.create(backend.url() + "/api/" + user + path))
                .header("Authorization", "Bearer " + token(user)).GET());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(0, resource);
        return resource;
    }

    /** Stops everything in reverse start order. */
    @Override
    public void close() {
        for (AutoCloseable resource : List.copyOf(started)) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("closing " + resource.getClass().getSimpleName() + " failed: " + e);
            }
        }
        started.clear();
    }

    /** samples/production.yaml pointed at the test broker (plain TCP, still SCRAM), without an OTel exporter. */
    private Path writeTodoPlatform(Path file) {
        try {
            ObjectNode cr = (ObjectNode) OperatorRender.YAML.readTree(
                    Environment.repoRoot().resolve("samples/production.yaml").toFile());
            ObjectNode spec = (ObjectNode) cr.path("spec");
            ObjectNode pubsub = (ObjectNode) spec.path("pubsub");
            pubsub.putArray("brokers").add(kafka.bootstrapServers());
            ((ObjectNode) pubsub.path("tls")).put("enabled", false);
            ((ObjectNode) spec.path("dapr")).remove("tracing");
            Files.createDirectories(file.getParent());
            OperatorRender.YAML.writeValue(file.toFile(), cr);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test TodoPlatform", e);
        }
    }

    /** The Secrets the sample references, plus the model's API key (read only by chat-api's component). */
    private Path writeSecrets(Path file) {
        Map<String, Object> secrets = Map.of(
                "kafka-secrets", Map.of("username", kafka.username(), "password", kafka.password()),
                "neon-db", Map.of("connectionString", postgres.daprConnectionString()),
                "todo-auth", Map.of("jwt-secret", jwtSecret),
                MODEL_KEY_SECRET, Map.of("api-key", apiKey));
        try {
            Files.writeString(file, JSON.writeValueAsString(secrets), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secrets file", e);
        }
    }

    /** TEMPORARY: the shared sqlite name resolver in the backend's rendered Configuration. */
    private static void addNameResolution(Path configFile, Path nameResolutionDb) {
        try {
            ObjectNode config = (ObjectNode) OperatorRender.YAML.readTree(configFile.toFile());
            ObjectNode resolver = ((ObjectNode) config.path("spec")).putObject("nameResolution");
            resolver.put("component", "sqlite").put("version", "v1")
                    .putObject("configuration").put("connectionString", nameResolutionDb.toAbsolutePath().toString());
            OperatorRender.YAML.writeValue(configFile.toFile(), config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the name resolver to " + configFile, e);
        }
    }

    /** Copies the rendered Component whose type starts with {@code typePrefix}; returns its name. */
    private static String copyRendered(Path renderedResources, Path targetDir, String typePrefix) {
        try (Stream<Path> files = Files.list(renderedResources)) {
            Files.createDirectories(targetDir);
            for (Path file : files.sorted().toList()) {
                JsonNode doc = OperatorRender.YAML.readTree(file.toFile());
                if ("Component".equals(doc.path("kind").asText())
                        && doc.path("spec").path("type").asText().startsWith(typePrefix)) {
                    Files.copy(file, targetDir.resolve(file.getFileName()));
                    return doc.path("metadata").path("name").asText();
                }
            }
            throw new IllegalStateException("render wrote no " + typePrefix + "* Component into " + renderedResources);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy rendered resources", e);
        }
    }

    private static Map<String, String> containerEnvironment(JsonNode deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode variable : deployment.path("spec").path("template").path("spec").path("containers").path(0).path("env")) {
            if (variable.has("value")) {
                env.put(variable.path("name").asText(), variable.path("value").asText());
            }
        }
        return env;
    }

    static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
