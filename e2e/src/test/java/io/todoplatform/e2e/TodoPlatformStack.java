package io.todoplatform.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.todoplatform.testkit.dapr.DaprBinaries;
import io.todoplatform.testkit.dapr.DaprScheduler;
import io.todoplatform.testkit.dapr.DaprSidecar;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.FreePorts;
import io.todoplatform.testkit.kafka.KafkaBroker;
import io.todoplatform.testkit.platform.OperatorRender;
import io.todoplatform.testkit.postgres.PostgresServer;
import io.todoplatform.testkit.platform.TodoAppProcess;
import io.todoplatform.testkit.kafka.TopicRecorder;

/**
 * The whole platform on this machine, as the operator would deploy it, for one test class: Kafka (KRaft,
 * SASL/SCRAM-SHA-256 only), PostgreSQL, the Dapr Scheduler, and {@code todo-app.jar} beside a real
 * daprd.
 *
 * <p>Nothing about Dapr or the app is hand-written here. The TodoPlatform is {@code samples/production.yaml}
 * pointed at the test broker; {@code todo-operator.jar render --target selfhosted} turns it into daprd's
 * resources (Components, Resiliency, Configuration), and {@code render --target kubernetes} gives the
 * backend Deployment whose app-id annotation and container environment (the env contract: component
 * names, topics, sweep route) start daprd and the app. Only what a cluster would add is added: the
 * sidecar's ports (Dapr's injector), the app's port, and APP_API_TOKEN (from dapr.io/app-token-secret).
 */
final class TodoPlatformStack implements AutoCloseable {

    /** Partitions per topic: more than one, so "keyed by user" is visible as "one partition per user". */
    static final int PARTITIONS = 3;

    final Path workDir;
    final KafkaBroker kafka;
    final PostgresServer postgres;
    final DaprScheduler scheduler;
    final String jwtSecret = randomHex(24);
    final String appApiToken;
    final Path crFile;
    final Path secretsFile;
    final List<JsonNode> selfHosted;
    final JsonNode deployment;
    final String appId;
    final Map<String, String> appEnvironment;
    final Path resourcesDir;
    final Path configFile;
    final TopicRecorder recorder;
    final TodoAppProcess app;
    final DaprSidecar dapr;
    final TodoApiClient api;

    private final List<AutoCloseable> started = new ArrayList<>();

    /** @param appApiToken the app token given to daprd and the app, or null for none */
    static TodoPlatformStack start(Path workDir, String appApiToken) {
        return new TodoPlatformStack(workDir, appApiToken);
    }

    private TodoPlatformStack(Path workDir, String appApiToken) {
        this.workDir = workDir;
        this.appApiToken = appApiToken;
        try {
            DaprBinaries.locate().requireBuilt();
            kafka = track(KafkaBroker.start());
            postgres = track(PostgresServer.start());
            scheduler = track(DaprScheduler.start());

            crFile = writeTodoPlatform(workDir.resolve("todoplatform.yaml"));
            secretsFile = writeSecrets(workDir.resolve("secrets.json"));
            selfHosted = OperatorRender.selfHosted(crFile, secretsFile);
            deployment = backendDeployment(OperatorRender.kubernetes(crFile));
            appId = deployment.path("spec").path("template").path("metadata").path("annotations")
                    .path("dapr.io/app-id").asText();
            // daprd reads the files `render -o` writes, as on a developer's laptop (docs/development.md, local development).
            Path daprDir = workDir.resolve("dapr");
            OperatorRender.selfHostedInto(crFile, secretsFile, daprDir);
            resourcesDir = daprDir.resolve("resources");
            configFile = daprDir.resolve("config.yaml");

            Map<String, String> contract = containerEnvironment(deployment);
            List<String> topics = List.of(contract.get("TODO_TOPIC_TASK_EVENTS"), contract.get("TODO_TOPIC_TASK_UPDATES"),
                    contract.get("TODO_TOPIC_REMINDERS"));
            kafka.createTopics(PARTITIONS, topics.toArray(String[]::new));
            recorder = track(TopicRecorder.start(kafka, topics));

            int appPort = FreePorts.next();
            int daprHttpPort = FreePorts.next();
            int daprGrpcPort = FreePorts.next();
            Map<String, String> env = new LinkedHashMap<>(contract);
            env.put("PORT", Integer.toString(appPort));
            env.put("DAPR_HTTP_PORT", Integer.toString(daprHttpPort));
            env.put("DAPR_GRPC_PORT", Integer.toString(daprGrpcPort));
            if (appApiToken != null) {
                env.put("APP_API_TOKEN", appApiToken);
            }
            appEnvironment = Map.copyOf(env);

            // The app first: daprd waits for the app port, then reads /dapr/subscribe.
            app = track(TodoAppProcess.start(appEnvironment));
            DaprSidecar.Builder sidecar = DaprSidecar.builder(appId)
                    .appPort(appPort)
                    .apiPorts(daprHttpPort, daprGrpcPort)
                    .resourcesPath(resourcesDir)
                    .config(configFile)
                    .scheduler(scheduler)
                    .startTimeout(Duration.ofSeconds(90));
            if (appApiToken != null) {
                sidecar.env("APP_API_TOKEN", appApiToken);
            }
            dapr = track(sidecar.start());
            app.awaitReady(Duration.ofSeconds(60));
            // The sample subscribes from the newest offset: events published before daprd's consumer group
            // holds its partitions would never reach the activity feed.
            kafka.awaitConsumerGroupAssigned(appId, Duration.ofSeconds(60), topics.toArray(String[]::new));
            api = new TodoApiClient(app.url(), jwtSecret);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    String topicTaskEvents() {
        return appEnvironment.get("TODO_TOPIC_TASK_EVENTS");
    }

    String topicTaskUpdates() {
        return appEnvironment.get("TODO_TOPIC_TASK_UPDATES");
    }

    String topicReminders() {
        return appEnvironment.get("TODO_TOPIC_REMINDERS");
    }

    /** The rendered Component of this name. */
    JsonNode component(String name) {
        return OperatorRender.find(selfHosted, "Component", name);
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(0, resource);
        return resource;
    }

    /** Stops everything in reverse start order: the app first (it flushes its outbox through daprd). */
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

    /**
     * samples/production.yaml with what differs on this machine: the test broker (plain TCP, no TLS, still
     * SCRAM-SHA-256) and no OpenTelemetry exporter (there is no collector here; W3C trace context still
     * propagates without one).
     */
    private Path writeTodoPlatform(Path file) {
        try {
            ObjectNode cr = (ObjectNode) OperatorRender.YAML.readTree(
                    Environment.repoRoot().resolve("samples/production.yaml").toFile());
            ObjectNode spec = (ObjectNode) cr.path("spec");
            ObjectNode pubsub = (ObjectNode) spec.path("pubsub");
            pubsub.putArray("brokers").add(kafka.bootstrapServers());
            ((ObjectNode) pubsub.path("tls")).put("enabled", false);
            if (!"scram-sha-256".equals(pubsub.path("auth").path("type").asText())) {
                throw new IllegalStateException("samples/production.yaml no longer uses scram-sha-256: update the e2e tests");
            }
            ((ObjectNode) spec.path("dapr")).remove("tracing");
            // The sweep every 2 s instead of every minute, so a test can watch it repair a lost reminder job.
            ((ObjectNode) spec.path("scheduler")).put("sweepSchedule", "@every 2s");
            Files.createDirectories(file.getParent());
            OperatorRender.YAML.writeValue(file.toFile(), cr);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test TodoPlatform", e);
        }
    }

    /** The secrets file, shaped like the Kubernetes Secrets the sample references (docs/reference.md, "The render command"). */
    private Path writeSecrets(Path file) {
        Map<String, Object> secrets = Map.of(
                "kafka-secrets", Map.of("username", kafka.username(), "password", kafka.password()),
                "neon-db", Map.of("connectionString", postgres.daprConnectionString()),
                "todo-auth", Map.of("jwt-secret", jwtSecret));
        try {
            Files.writeString(file, TodoApiClient.JSON.writeValueAsString(secrets), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secrets file", e);
        }
    }

    /** One file per resource for --resources-path; the Configuration goes to its own file for --config. */
    static void writeDaprResources(List<JsonNode> documents, Path resourcesDir, Path configFile) {
        try {
            Files.createDirectories(resourcesDir);
            int index = 0;
            for (JsonNode doc : documents) {
                String kind = doc.path("kind").asText();
                String name = doc.path("metadata").path("name").asText();
                Path target = "Configuration".equals(kind) ? configFile
                        : resourcesDir.resolve(String.format("%02d-%s-%s.yaml", index++, kind.toLowerCase(), name));
                OperatorRender.YAML.writeValue(target.toFile(), doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Dapr resources", e);
        }
    }

    private static JsonNode backendDeployment(List<JsonNode> manifests) {
        return OperatorRender.ofKind(manifests, "Deployment").stream()
                .filter(d -> d.path("spec").path("template").path("metadata").path("annotations").has("dapr.io/app-id"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("render printed no Deployment with a dapr.io/app-id annotation"));
    }

    /** The backend container's literal env values: the operator's half of the env contract. */
    private static Map<String, String> containerEnvironment(JsonNode deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").path(0);
        for (JsonNode variable : container.path("env")) {
            if (variable.has("value")) {
                env.put(variable.path("name").asText(), variable.path("value").asText());
            }
        }
        return env;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
