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
import io.todoplatform.testkit.process.FreePorts;
import io.todoplatform.testkit.kafka.KafkaBroker;
import io.todoplatform.testkit.platform.OperatorRender;
import io.todoplatform.testkit.postgres.PostgresServer;
import io.todoplatform.testkit.platform.TodoAppProcess;
import io.todoplatform.testkit.kafka.TopicRecorder;
import io.todoplatform.testkit.process.StartedResources;

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

    /** How a test wants the stack; {@link #defaults()} is one replica with an app token. */
    static final class Options {
        String appApiToken = "e2e-app-token-" + randomHex(8);
        int replicas = 1;
        final Map<String, String> appEnvironment = new LinkedHashMap<>();
        final Map<String, String> jwtKeys = new LinkedHashMap<>();
        final Map<Integer, Map<String, String>> replicaEnvironment = new LinkedHashMap<>();
        List<String> appJvm = TodoAppProcess.TEST_JVM;
        /** Metadata added to the rendered state store component (an experiment beyond what the operator renders). */
        final Map<String, String> stateStoreMetadata = new LinkedHashMap<>();

        Options stateStoreMetadata(String name, String value) {
            stateStoreMetadata.put(name, value);
            return this;
        }

        /** Which of the three topics the recorder keeps (null: all); a benchmark records only what it measures. */
        List<String> recordedTopics;

        static Options defaults() {
            return new Options();
        }

        /** No app token: the app then needs ALLOW_INSECURE_SIDECAR_ROUTES=true, which the stack sets. */
        Options withoutAppToken() {
            appApiToken = null;
            return this;
        }

        Options replicas(int count) {
            replicas = count;
            return this;
        }

        Options appEnv(String name, String value) {
            appEnvironment.put(name, value);
            return this;
        }

        /** A variable for one replica only (e.g. a test hook). */
        Options replicaEnv(int replica, String name, String value) {
            replicaEnvironment.computeIfAbsent(replica, k -> new LinkedHashMap<>()).put(name, value);
            return this;
        }

        /** A second signing key, {@code jwt-secret.<kid>} in the secret store's todo-auth secret. */
        Options jwtKey(String kid, String secret) {
            jwtKeys.put(kid, secret);
            return this;
        }

        Options recordOnly(List<String> logicalTopics) {
            recordedTopics = logicalTopics;
            return this;
        }

        /** JVM options of the apps (the benchmark runs them as in production, not as quick test JVMs). */
        Options appJvm(List<String> options) {
            appJvm = options;
            return this;
        }
    }

    final Path workDir;
    final Options options;
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
    /** The environment of replica 0 (the others differ in their ports only). */
    final Map<String, String> appEnvironment;
    final Path resourcesDir;
    final Path configFile;
    final TopicRecorder recorder;
    final List<Replica> replicas = new ArrayList<>();
    /** Replica 0's app, sidecar and API client as first started. */
    final TodoAppProcess app;
    final DaprSidecar dapr;
    final TodoApiClient api;

    private final StartedResources started = new StartedResources();

    /** @param appApiToken the app token given to daprd and the app, or null for none */
    static TodoPlatformStack start(Path workDir, String appApiToken) {
        Options options = Options.defaults();
        options.appApiToken = appApiToken;
        return new TodoPlatformStack(workDir, options);
    }

    static TodoPlatformStack start(Path workDir, Options options) {
        return new TodoPlatformStack(workDir, options);
    }

    /**
     * One backend pod: {@code todo-app.jar} and its daprd, on their own ports, with the shared Kafka, PostgreSQL and
     * Scheduler. Each can be killed and started again on the same ports (a crash, a restart of the container).
     */
    final class Replica implements AutoCloseable {
        final int index;
        final Map<String, String> environment;
        final DaprSidecar.Builder sidecar;
        final TodoApiClient api;
        TodoAppProcess app;
        DaprSidecar dapr;

        Replica(int index, Map<String, String> environment, DaprSidecar.Builder sidecar) {
            this.index = index;
            this.environment = Map.copyOf(environment);
            this.sidecar = sidecar;
            this.api = new TodoApiClient("http://127.0.0.1:" + environment.get("PORT"), jwtSecret);
        }

        /** The app first: daprd waits for the app port, then reads /dapr/subscribe. */
        void start() {
            startApp();
            startDaprd();
            app.awaitReady(Duration.ofSeconds(60));
        }

        void startApp() {
            app = TodoAppProcess.launch(environment, options.appJvm);
            app.awaitHealthy(Duration.ofSeconds(60));
        }

        void startDaprd() {
            dapr = sidecar.start();
        }

        /** SIGKILL of the app (its sidecar keeps running, as when a container dies in its pod). */
        void killApp() {
            app.kill();
        }

        void killDaprd() {
            dapr.kill();
        }

        String url() {
            return "http://127.0.0.1:" + environment.get("PORT");
        }

        @Override
        public void close() {
            if (app != null) {
                app.close();
            }
            if (dapr != null) {
                dapr.close();
            }
        }
    }

    private TodoPlatformStack(Path workDir, Options options) {
        this.workDir = workDir;
        this.options = options;
        this.appApiToken = options.appApiToken;
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
            OperatorRender.selfHostedInto(crFile, secretsFile, workDir.resolve("name-resolution.db"), daprDir);
            resourcesDir = daprDir.resolve("resources");
            configFile = daprDir.resolve("config.yaml");
            if (!options.stateStoreMetadata.isEmpty()) {
                addStateStoreMetadata(resourcesDir, options.stateStoreMetadata);
            }

            Map<String, String> contract = containerEnvironment(deployment);
            List<String> topics = List.of(contract.get("TODO_TOPIC_TASK_EVENTS"), contract.get("TODO_TOPIC_TASK_UPDATES"),
                    contract.get("TODO_TOPIC_REMINDERS"));
            kafka.createTopics(PARTITIONS, topics.toArray(String[]::new));
            if (options.appEnvironment.containsKey("TOPIC_DEAD_LETTERS")) {
                kafka.createTopics(1, options.appEnvironment.get("TOPIC_DEAD_LETTERS"));
            }
            List<String> recorded = new ArrayList<>(options.recordedTopics == null ? topics
                    : options.recordedTopics.stream().map(contract::get).toList());
            if (options.appEnvironment.containsKey("TOPIC_DEAD_LETTERS")) {
                recorded.add(options.appEnvironment.get("TOPIC_DEAD_LETTERS"));
            }
            recorder = track(TopicRecorder.start(kafka, recorded));

            for (int i = 0; i < options.replicas; i++) {
                int appPort = FreePorts.next();
                int daprHttpPort = FreePorts.next();
                int daprGrpcPort = FreePorts.next();
                Map<String, String> env = new LinkedHashMap<>(contract);
                env.put("PORT", Integer.toString(appPort));
                env.put("DAPR_HTTP_PORT", Integer.toString(daprHttpPort));
                env.put("DAPR_GRPC_PORT", Integer.toString(daprGrpcPort));
                // As Kubernetes would: the pod name, which the app puts into its replica id.
                env.put("HOSTNAME", appId + "-replica-" + i);
                if (appApiToken != null) {
                    env.put("APP_API_TOKEN", appApiToken);
                } else {
                    env.put("ALLOW_INSECURE_SIDECAR_ROUTES", "true");
                }
                env.putAll(options.appEnvironment);
                env.putAll(options.replicaEnvironment.getOrDefault(i, Map.of()));
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
                Replica replica = track(new Replica(i, env, sidecar));
                replicas.add(replica);
                replica.start();
            }
            appEnvironment = replicas.get(0).environment;
            app = replicas.get(0).app;
            dapr = replicas.get(0).dapr;
            api = replicas.get(0).api;
            // The sample subscribes from the newest offset: events published before daprd's consumer group
            // holds its partitions would never reach the activity feed.
            kafka.awaitConsumerGroupAssigned(appId, Duration.ofSeconds(60), topics.toArray(String[]::new));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    Replica replica(int index) {
        return replicas.get(index);
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
        return started.track(resource);
    }

    /** Stops everything in reverse start order: the app first (it flushes its outbox through daprd). */
    @Override
    public void close() {
        started.close();
    }

    /** The production sample on the test broker, its sweep every 2 s so a test can watch it repair a lost job. */
    private Path writeTodoPlatform(Path file) {
        ObjectNode cr = ProductionSample.withBroker(kafka.bootstrapServers());
        ((ObjectNode) cr.path("spec").path("scheduler")).put("sweepSchedule", "@every 2s");
        return ProductionSample.write(cr, file);
    }

    /** The secrets file, shaped like the Kubernetes Secrets the sample references (docs/reference.md, "The render command"). */
    private Path writeSecrets(Path file) {
        Map<String, String> auth = new LinkedHashMap<>();
        auth.put("jwt-secret", jwtSecret);
        options.jwtKeys.forEach((kid, key) -> auth.put("jwt-secret." + kid, key));
        Map<String, Object> secrets = Map.of(
                "kafka-secrets", Map.of("username", kafka.username(), "password", kafka.password()),
                "neon-db", Map.of("connectionString", postgres.daprConnectionString()),
                "todo-auth", auth);
        try {
            Files.writeString(file, TodoApiClient.JSON.writeValueAsString(secrets), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secrets file", e);
        }
    }

    /** Appends metadata items to the state store Component file render wrote. */
    private static void addStateStoreMetadata(Path resources, Map<String, String> metadata) {
        try (java.util.stream.Stream<Path> files = Files.list(resources)) {
            for (Path file : files.toList()) {
                JsonNode doc = OperatorRender.YAML.readTree(file.toFile());
                if ("Component".equals(doc.path("kind").asText())
                        && doc.path("spec").path("type").asText().startsWith("state.")) {
                    com.fasterxml.jackson.databind.node.ArrayNode items =
                            (com.fasterxml.jackson.databind.node.ArrayNode) doc.path("spec").path("metadata");
                    metadata.forEach((name, value) -> items.addObject().put("name", name).put("value", value));
                    OperatorRender.YAML.writeValue(file.toFile(), doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot amend the state store component", e);
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
