package io.todoplatform.e2e.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.todoplatform.e2e.ProductionSample;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.dapr.DaprBinaries;
import io.todoplatform.testkit.dapr.kubernetes.DaprControlPlane;
import io.todoplatform.testkit.kafka.KafkaBroker;
import io.todoplatform.testkit.kafka.TopicRecorder;
import io.todoplatform.testkit.kube.KubeBinaries;
import io.todoplatform.testkit.node.ImageRegistry;
import io.todoplatform.testkit.node.KubeCluster;
import io.todoplatform.testkit.node.Kubelet;
import io.todoplatform.testkit.platform.OperatorRender;
import io.todoplatform.testkit.model.ScriptedModelServer;
import io.todoplatform.testkit.platform.ProjectImages;
import io.todoplatform.testkit.postgres.PostgresServer;
import io.todoplatform.testkit.process.Polling;
import io.todoplatform.testkit.process.StartedResources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * TodoPlatform on a one-node Kubernetes cluster whose pods really run, for one test class:
 *
 * <ul>
 *   <li>outside the cluster, on the host's loopback: Kafka (KRaft, SASL/SCRAM-SHA-256 only) and PostgreSQL, as
 *   Redpanda Cloud and Neon would be;</li>
 *   <li>the cluster ({@link KubeCluster}): etcd, kube-apiserver, kube-controller-manager, the network and the
 *   kubelet stand-in;</li>
 *   <li>Dapr's control plane as its Helm chart installs it ({@link DaprControlPlane});</li>
 *   <li>the TodoPlatform operator installed from {@code deploy/operator} (cluster-wide), running as a pod of
 *   the image the Dockerfile builds;</li>
 *   <li>the production sample with its Secrets as real Secrets, pointed at the test broker.</li>
 * </ul>
 *
 * From there everything is the cluster's doing: the operator applies the Dapr resources and the Deployment, the
 * ReplicaSet controller creates the Pod, the API server sends it to the sidecar injector, the node runs the
 * mutated Pod.
 */
final class ClusterPlatform implements AutoCloseable {

    static final String NAMESPACE = "todo-prod";
    static final String NAME = "todo";
    static final int PARTITIONS = 3;
    static final String MODEL_NAME = "command-r-scripted";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    final Path logDir;
    final String jwtSecret = randomHex(24);
    final String appToken = randomHex(16);
    /** The model's API key in the cohere-api-key Secret, which chat-api's component sends the scripted model. */
    final String modelApiKey = "sk-k8s-" + randomHex(16);
    ScriptedModelServer model;
    KafkaBroker kafka;
    PostgresServer postgres;
    final ImageRegistry images = new ImageRegistry();
    KubeCluster cluster;
    DaprControlPlane dapr;
    final TopicRecorder recorder;
    final ObjectNode todoPlatform;
    final List<String> topics;

    private final StartedResources started = new StartedResources();

    private ClusterPlatform(String testClass) {
        logDir = Environment.outputDir().resolve("kubernetes-path").resolve(testClass + "-" + LocalDateTime.now().format(RUN));
        try {
            DaprBinaries.locate().requireBuilt();
            KubeBinaries.require();
            // The model chat-api's conversation component calls (a double: no LLM is reachable here), on the host.
            model = track(ScriptedModelServer.start(modelApiKey, MODEL_NAME));
            todoPlatform = productionSample(model.endpoint());
            images.add(ProjectImages.todoApp(todoPlatform.path("spec").path("backend").path("image").asText()));
            images.add(ProjectImages.chatApi(todoPlatform.path("spec").path("chat").path("image").asText()));

            // Kafka and PostgreSQL start while the cluster does: nothing in the cluster needs them before the
            // TodoPlatform's pod, and pods reach host ports exposed at any time.
            CompletableFuture<KafkaBroker> startingKafka = CompletableFuture.supplyAsync(KafkaBroker::start);
            CompletableFuture<PostgresServer> startingPostgres = CompletableFuture.supplyAsync(PostgresServer::start);
            try {
                cluster = track(KubeCluster.start(logDir, images));
                dapr = DaprControlPlane.install(client(), images);
                installOperator();
            } catch (RuntimeException | Error e) {
                stopWhenStarted(startingKafka);
                stopWhenStarted(startingPostgres);
                throw e;
            }
            try {
                kafka = track(started(startingKafka));
                postgres = track(started(startingPostgres));
            } catch (RuntimeException | Error e) {
                // One of them failed to start: the other one may have started, and nothing holds it yet.
                stopWhenStarted(startingKafka);
                stopWhenStarted(startingPostgres);
                throw e;
            }
            cluster.network().exposeHostPort(port(kafka.bootstrapServers()));
            cluster.network().exposeHostPort(postgres.port());
            cluster.network().exposeHostPort(port(model.endpoint().replaceFirst("/v1$", "")));

            JsonNode pubsub = todoPlatform.path("spec").path("pubsub");
            topics = List.of(pubsub.path("topics").path("taskEvents").asText(),
                    pubsub.path("topics").path("taskUpdates").asText(), pubsub.path("topics").path("reminders").asText());
            kafka.createTopics(PARTITIONS, topics.toArray(String[]::new));
            recorder = track(TopicRecorder.start(kafka, topics));

            ((ObjectNode) todoPlatform.path("spec").path("pubsub")).putArray("brokers").add(kafka.bootstrapServers());
            cluster.createNamespace(NAMESPACE);
            createSecrets(NAMESPACE, kafka.password());
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    static ClusterPlatform start(String testClass) {
        return new ClusterPlatform(testClass);
    }

    KubernetesClient client() {
        return cluster.client();
    }

    Kubelet kubelet() {
        return cluster.kubelet();
    }

    /**
     * samples/production.yaml as this cluster needs it: the test broker over plain TCP (still SASL/SCRAM-SHA-256),
     * one replica of each app, tracing with sampling rate 0 (a test raises it and watches the rollout), chat-api's
     * model the scripted server on the host (which pods reach at their own 127.0.0.1). The brokers are set once
     * Kafka runs.
     */
    private static ObjectNode productionSample(String modelEndpoint) {
        ObjectNode cr = ProductionSample.read();
        ObjectNode spec = (ObjectNode) cr.path("spec");
        ((ObjectNode) spec.path("backend")).put("replicas", 1);
        ((ObjectNode) spec.path("chat")).put("replicas", 1);
        ((ObjectNode) spec.path("chat").path("model")).put("endpoint", modelEndpoint).put("model", MODEL_NAME);
        ((ObjectNode) spec.path("dapr").path("tracing")).put("samplingRate", "0");
        if (!NAMESPACE.equals(cr.path("metadata").path("namespace").asText())
                || !NAME.equals(cr.path("metadata").path("name").asText())) {
            throw new IllegalStateException("samples/production.yaml is no longer todo-prod/todo: update this suite");
        }
        return cr;
    }

    /** The Secrets samples/production-secrets.yaml describes, with this machine's values. */
    void createSecrets(String namespace, String kafkaPassword) {
        Map<String, Map<String, String>> secrets = Map.of(
                "kafka-secrets", Map.of("username", kafka.username(), "password", kafkaPassword),
                "neon-db", Map.of("connectionString", postgres.daprConnectionString()),
                "todo-auth", Map.of("jwt-secret", jwtSecret),
                "cohere-api-key", Map.of("api-key", modelApiKey),
                "todo-app-token", Map.of("token", appToken));
        secrets.forEach((name, data) -> client().secrets().inNamespace(namespace).resource(new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withType("Opaque").withStringData(data).build()).serverSideApply());
    }

    /** The README's cluster-wide install: deploy/operator/base plus the overlay's files, in their numbered order. */
    private void installOperator() {
        Path deploy = Environment.repoRoot().resolve("deploy/operator");
        List<Path> files = new ArrayList<>(yamlFiles(deploy.resolve("base")));
        files.addAll(yamlFiles(deploy.resolve("overlays/cluster-wide")));
        files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        List<HasMetadata> manifests = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                manifests.addAll(client().load(in).items());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        Deployment deployment = manifests.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow(() -> new IllegalStateException("deploy/operator has no Deployment"));
        images.add(ProjectImages.operator(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
        for (HasMetadata manifest : manifests) {
            client().resource(manifest).forceConflicts().serverSideApply();
            if ("CustomResourceDefinition".equals(manifest.getKind())) {
                client().apiextensions().v1().customResourceDefinitions().withName(manifest.getMetadata().getName())
                        .waitUntilCondition(ClusterPlatform::established, 60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        String namespace = deployment.getMetadata().getNamespace();
        awaitTrue("the TodoPlatform operator's Deployment to be available", () -> {
            Deployment live = client().apps().deployments().inNamespace(namespace)
                    .withName(deployment.getMetadata().getName()).get();
            return live != null && live.getStatus() != null
                    && Integer.valueOf(1).equals(live.getStatus().getAvailableReplicas());
        });
    }

    private static boolean established(io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Server-side applies a TodoPlatform (as kubectl apply --server-side would). */
    void apply(ObjectNode cr) {
        client().resource(asResource(cr)).forceConflicts().serverSideApply();
    }

    Resource<GenericKubernetesResource> todoPlatform(String namespace, String name) {
        return client().genericKubernetesResources("platform.todo.io/v1alpha1", "TodoPlatform")
                .inNamespace(namespace).withName(name);
    }

    GenericKubernetesResource asResource(ObjectNode cr) {
        return client().getKubernetesSerialization().convertValue(cr, GenericKubernetesResource.class);
    }

    /** Waits for Ready=True of the current generation; fails with the conditions it saw. */
    void awaitReady(String namespace, String name) {
        String[] last = {"no status"};
        awaitTrue("TodoPlatform " + namespace + "/" + name + " to be Ready", () -> {
            GenericKubernetesResource live = todoPlatform(namespace, name).get();
            JsonNode cr = OperatorRender.YAML.valueToTree(live);
            last[0] = cr.path("status").toString();
            long generation = cr.path("metadata").path("generation").asLong();
            return cr.path("status").path("observedGeneration").asLong() == generation
                    && condition(cr, "Ready").map(c -> "True".equals(c.path("status").asText())).orElse(false);
        }, () -> last[0]);
    }

    static Optional<JsonNode> condition(JsonNode cr, String type) {
        for (JsonNode condition : cr.path("status").path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return Optional.of(condition);
            }
        }
        return Optional.empty();
    }

    /** The backend pods of a namespace that are not being deleted, newest first. */
    List<Pod> backendPods(String namespace) {
        return pods(namespace, "backend");
    }

    private List<Pod> pods(String namespace, String component) {
        return client().pods().inNamespace(namespace).withLabel("app.kubernetes.io/component", component).list()
                .getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted((a, b) -> b.getMetadata().getCreationTimestamp().compareTo(a.getMetadata().getCreationTimestamp()))
                .toList();
    }

    /** The one running, Ready backend pod (as the node runs it). */
    Kubelet.RunningPod readyBackend(String namespace) {
        return readyPod(namespace, "backend");
    }

    /** The one running, Ready pod of an app ("backend", "chat"; its app.kubernetes.io/component label). */
    Kubelet.RunningPod readyPod(String namespace, String component) {
        Pod[] found = {null};
        awaitTrue("one Ready " + component + " pod in " + namespace, () -> {
            List<Pod> pods = pods(namespace, component);
            found[0] = pods.size() == 1 && isReady(pods.get(0)) ? pods.get(0) : null;
            return found[0] != null;
        });
        return kubelet().awaitPod(namespace, found[0].getMetadata().getName(), Duration.ofSeconds(10));
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        awaitTrue(what, condition, () -> "");
    }

    void awaitTrue(String what, java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> state) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + READY_TIMEOUT + " for " + what + " " + state.get()
                        + " (process and container logs: " + logDir + ")");
            }
            Polling.sleep(Duration.ofMillis(500));
        }
    }

    private static <T> T started(CompletableFuture<T> starting) {
        try {
            return starting.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private static void stopWhenStarted(CompletableFuture<? extends AutoCloseable> starting) {
        try {
            starting.join().close();
        } catch (Exception ignored) {
            // it failed to start, or to stop: either way nothing is left to do here
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        return started.track(resource);
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Stops the cluster (its pods first), then the recorder, PostgreSQL and Kafka. */
    @Override
    public void close() {
        started.close();
    }
}
