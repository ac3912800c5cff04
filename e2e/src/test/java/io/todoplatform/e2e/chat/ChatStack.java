package io.todoplatform.e2e.chat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.e2e.ProductionSample;
import io.todoplatform.testkit.dapr.DaprBinaries;
import io.todoplatform.testkit.dapr.DaprScheduler;
import io.todoplatform.testkit.dapr.DaprSentry;
import io.todoplatform.testkit.dapr.DaprSidecar;
import io.todoplatform.testkit.kafka.KafkaBroker;
import io.todoplatform.testkit.kafka.TopicRecorder;
import io.todoplatform.testkit.model.ScriptedModelServer;
import io.todoplatform.testkit.platform.ChatApiProcess;
import io.todoplatform.testkit.platform.OperatorRender;
import io.todoplatform.testkit.platform.TodoAppProcess;
import io.todoplatform.testkit.postgres.PostgresServer;
import io.todoplatform.testkit.process.FreePorts;
import io.todoplatform.testkit.process.StartedResources;

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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chatbot end to end, every part real except the LLM: Kafka (SASL/SCRAM), PostgreSQL, the Dapr Scheduler, Dapr
 * Sentry, {@code todo-app.jar} and {@code chat-api.jar} each beside its own daprd, with the Dapr resources and the
 * environment the operator renders for samples/production.yaml ({@code render --target selfhosted} for the sidecars,
 * the Deployments of {@code render} for the apps' environment). chat-api's {@code conversation.openai} component
 * calls a {@link ScriptedModelServer} (a double for the model: no LLM is reachable here).
 *
 * <p>Every sidecar runs with mTLS, its certificate from Sentry, in the sample's namespace: the backend's rendered
 * access-control policy sees chat-api's SPIFFE identity. The sidecars find each other through the rendered
 * {@code sqlite} name resolver on one file (offline; each daprd registers 127.0.0.1 through {@code DAPR_HOST_IP}).
 * {@link #intruder} is a third app-id's sidecar, secured the same way, that the policy must refuse.
 */
final class ChatStack implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String MODEL_KEY_SECRET = "cohere-api-key";
    static final String MODEL_NAME = "command-r-scripted";
    static final String INTRUDER_APP_ID = "reports";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final KafkaBroker kafka;
    final PostgresServer postgres;
    final DaprScheduler scheduler;
    final DaprSentry sentry;
    final ScriptedModelServer model;
    final String jwtSecret = randomHex(24);
    final String apiKey = "sk-e2e-" + randomHex(24);
    /** The backend's app token (dapr.io/app-token-secret): its sidecar sends it, the app requires it. */
    final String appToken = randomHex(16);
    final Map<String, String> backendEnvironment;
    final String backendAppId;
    final String chatAppId;
    final String modelComponent;
    final String namespace;
    final TopicRecorder recorder;
    final TodoAppProcess backend;
    final DaprSidecar backendDapr;
    final DaprSidecar chatDapr;
    final DaprSidecar intruder;
    final ChatApiProcess chat;

    private final StartedResources started = new StartedResources();

    private ChatStack(Path workDir) {
        try {
            DaprBinaries.locate().requireBuilt().sentry();
            kafka = track(KafkaBroker.start());
            postgres = track(PostgresServer.start());
            sentry = track(DaprSentry.start());
            scheduler = track(DaprScheduler.builder().secure(sentry).start());
            model = track(ScriptedModelServer.start(apiKey, MODEL_NAME));

            Path cr = writeTodoPlatform(workDir.resolve("todoplatform.yaml"));
            Path secrets = writeSecrets(workDir.resolve("secrets.json"));
            Path daprDir = workDir.resolve("dapr");
            OperatorRender.selfHostedInto(cr, secrets, workDir.resolve("name-resolution.db"), daprDir);
            List<JsonNode> manifests = OperatorRender.kubernetes(cr);
            JsonNode backendDeployment = daprDeployment(manifests, "backend");
            JsonNode chatDeployment = daprDeployment(manifests, "chat-api");
            namespace = backendDeployment.path("metadata").path("namespace").asText();
            backendAppId = appId(backendDeployment);
            chatAppId = appId(chatDeployment);

            Map<String, String> env = new LinkedHashMap<>(containerEnvironment(backendDeployment));
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
            env.put("APP_API_TOKEN", appToken);
            backendEnvironment = Map.copyOf(env);
            backend = track(TodoAppProcess.start(backendEnvironment));
            backendDapr = track(sidecar(DaprSidecar.builder(backendAppId)
                    .appPort(backendPort)
                    .apiPorts(backendDaprHttp, backendDaprGrpc)
                    .env("APP_API_TOKEN", appToken)
                    .config(daprDir.resolve("config.yaml")), daprDir));
            backend.awaitReady(Duration.ofSeconds(60));

            Path chatConfig = daprDir.resolve(annotation(chatDeployment, "dapr.io/config") + ".yaml");
            chatDapr = track(sidecar(DaprSidecar.builder(chatAppId).config(chatConfig), daprDir));
            Map<String, String> chatEnv = new LinkedHashMap<>(containerEnvironment(chatDeployment));
            modelComponent = chatEnv.get("CHAT_CONVERSATION_COMPONENT");
            chatEnv.put("PORT", Integer.toString(FreePorts.next()));
            chatEnv.put("DAPR_HTTP_PORT", Integer.toString(chatDapr.httpPort()));
            chatEnv.put("DAPR_GRPC_PORT", Integer.toString(chatDapr.grpcPort()));
            chat = track(ChatApiProcess.start(chatEnv));
            chat.awaitReady(Duration.ofSeconds(60));

            // Another app of the namespace, with its own Sentry identity and the same name resolver (chat-api's
            // Configuration: nothing in it is chat-api's own but who may call it, and no Component is scoped to it).
            intruder = track(sidecar(DaprSidecar.builder(INTRUDER_APP_ID).config(chatConfig), daprDir));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** A sidecar on the rendered resources, secured by Sentry in the sample's namespace. */
    private DaprSidecar sidecar(DaprSidecar.Builder builder, Path daprDir) {
        return sentry.secure(builder, namespace)
                .resourcesPath(daprDir.resolve("resources"))
                .scheduler(scheduler)
                .env("DAPR_HOST_IP", "127.0.0.1")
                .startTimeout(Duration.ofSeconds(90))
                .start();
    }

    static ChatStack start(Path workDir) {
        return new ChatStack(workDir);
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
        return started.track(resource);
    }

    /** Stops everything in reverse start order. */
    @Override
    public void close() {
        started.close();
    }

    /** The production sample on the test broker, its model (Cohere's compatibility API) the scripted server. */
    private Path writeTodoPlatform(Path file) {
        ObjectNode cr = ProductionSample.withBroker(kafka.bootstrapServers());
        ((ObjectNode) cr.path("spec").path("chat").path("model")).put("endpoint", model.endpoint()).put("model", MODEL_NAME);
        return ProductionSample.write(cr, file);
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

    /** The rendered Deployment whose pods get a sidecar for this app (by its container's name). */
    private static JsonNode daprDeployment(List<JsonNode> manifests, String container) {
        return OperatorRender.ofKind(manifests, "Deployment").stream()
                .filter(d -> d.path("spec").path("template").path("metadata").path("annotations").has("dapr.io/app-id"))
                .filter(d -> container.equals(d.path("spec").path("template").path("spec").path("containers").path(0)
                        .path("name").asText()))
                .findFirst().orElseThrow(() -> new IllegalStateException("render printed no " + container + " Deployment"));
    }

    private static String appId(JsonNode deployment) {
        return annotation(deployment, "dapr.io/app-id");
    }

    private static String annotation(JsonNode deployment, String name) {
        return deployment.path("spec").path("template").path("metadata").path("annotations").path(name).asText();
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
