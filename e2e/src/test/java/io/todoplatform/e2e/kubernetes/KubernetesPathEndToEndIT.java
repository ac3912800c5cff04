package io.todoplatform.e2e.kubernetes;

import static io.todoplatform.e2e.kubernetes.ClusterPlatform.NAME;
import static io.todoplatform.e2e.kubernetes.ClusterPlatform.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.todoplatform.e2e.CloudEvents;
import io.todoplatform.e2e.CloudEvents.Event;
import io.todoplatform.e2e.TodoApiClient;
import io.todoplatform.testkit.model.ScriptedModelServer;
import io.todoplatform.testkit.node.Kubelet;
import io.todoplatform.testkit.node.network.PortForward;
import io.todoplatform.testkit.platform.OperatorRender;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the operator applies on a cluster, run by a real Dapr control plane: the production sample (SASL/SCRAM
 * Kafka, PostgreSQL, an app token, tracing) reconciled by the operator pod installed from deploy/, its Deployment
 * turned into a Pod by the ReplicaSet controller, mutated by Dapr's sidecar injector through the API server's
 * webhook call, and run by the node exactly as the mutated spec says: daprd in Kubernetes mode with a Sentry
 * identity for its service-account token, its Components, Configuration and Resiliency served by the Dapr
 * operator with the secretKeyRefs resolved from the Secrets, jobs on the Scheduler.
 *
 * <p>The tests share the cluster and run in order: the rollout test replaces the pod the earlier ones looked at.
 * The two controls at the end show the suite fails when Kafka's credentials are wrong and that the CRD refuses a
 * secret store named like Dapr's built-in one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesPathEndToEndIT {

    private static final String APP_ID = "backend";
    /** A Component of the same namespace for another app: the backend's sidecar must not load it. */
    private static final String FOREIGN_COMPONENT = "reports-cron";

    private ClusterPlatform platform;

    @BeforeAll
    void start() {
        platform = ClusterPlatform.start(getClass().getSimpleName());
        platform.client().genericKubernetesResources("dapr.io/v1alpha1", "Component").inNamespace(NAMESPACE)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("dapr.io/v1alpha1").withKind("Component")
                        .withNewMetadata().withName(FOREIGN_COMPONENT).withNamespace(NAMESPACE).endMetadata()
                        .addToAdditionalProperties("spec", Map.of("type", "bindings.cron", "version", "v1",
                                "metadata", List.of(Map.of("name", "schedule", "value", "@every 1h"))))
                        .addToAdditionalProperties("scopes", List.of("reports"))
                        .build()).create();
        platform.apply(platform.todoPlatform);
        platform.awaitReady(NAMESPACE, NAME);
        // The sample subscribes from the newest offset: an event published before daprd's consumer group holds its
        // partitions would never reach the activity feed.
        platform.kafka.awaitConsumerGroupAssigned(APP_ID, Duration.ofSeconds(90), platform.topics.toArray(String[]::new));
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void theReplicaSetControllersPodCameBackFromTheInjectorWithTheSidecar() {
        Kubelet.RunningPod running = platform.readyBackend(NAMESPACE);
        Pod pod = pod(running);

        OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getKind()).as("the Pod was made by the ReplicaSet controller").isEqualTo("ReplicaSet");
        assertThat(platform.client().apps().replicaSets().inNamespace(NAMESPACE).withName(owner.getName()).get()
                .getMetadata().getOwnerReferences().get(0).getName()).isEqualTo(APP_ID);
        assertThat(pod.getMetadata().getLabels()).containsEntry("dapr.io/sidecar-injected", "true")
                .containsEntry("dapr.io/app-id", APP_ID);
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly(APP_ID, "daprd");

        Container daprd = container(pod, "daprd");
        assertThat(daprd.getImage()).isEqualTo(platform.dapr.sidecarImage());
        assertThat(String.join(" ", daprd.getArgs())).startsWith("/daprd ")
                .contains("--mode kubernetes", "--app-id backend", "--app-port 8000", "--config backend-config",
                        "--control-plane-address dapr-api.dapr-system.svc.cluster.local:443",
                        "--sentry-address dapr-sentry.dapr-system.svc.cluster.local:443", "--log-as-json",
                        "--enable-metrics --metrics-port 9090", "--enable-mtls");
        assertThat(secretKeyRef(daprd, "APP_API_TOKEN")).as("the injector gives daprd the app token")
                .isEqualTo("todo-app-token/token");
        Volume identity = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals("dapr-identity-token"))
                .findFirst().orElseThrow();
        assertThat(identity.getProjected().getSources().get(0).getServiceAccountToken().getAudience())
                .isEqualTo("spiffe://cluster.local/ns/dapr-system/dapr-sentry");

        Container app = container(pod, APP_ID);
        assertThat(app.getEnv()).extracting(EnvVar::getName).contains("DAPR_HTTP_PORT", "DAPR_GRPC_PORT");
        assertThat(secretKeyRef(app, "APP_API_TOKEN"))
                .as("the app container takes APP_API_TOKEN from the same Secret (the injector only gives it to daprd)")
                .isEqualTo("todo-app-token/token");

        // The API server sent the injector the ReplicaSet controller's request, which the injector admits by that
        // controller's service-account UID (the allow list it reads at start), as in a cluster.
        String injectorLog = platform.kubelet().pod("dapr-system", platform.client().pods().inNamespace("dapr-system")
                .withLabel("app", "dapr-sidecar-injector").list().getItems().get(0).getMetadata().getName())
                .orElseThrow().logs("dapr-sidecar-injector");
        assertThat(injectorLog.lines().filter(l -> l.contains("AdmissionReview for") && l.contains("Namespace=todo-prod")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains("UserInfo={system:serviceaccount:kube-system:replicaset-controller"));

        Service daprService = platform.client().services().inNamespace(NAMESPACE).withName(APP_ID + "-dapr").get();
        assertThat(daprService).as("the Dapr operator's <app-id>-dapr Service").isNotNull();
        assertThat(daprService.getSpec().getClusterIP()).isEqualTo("None");
    }

    @Test
    @Order(2)
    void sentryIssuedTheSidecarAnMtlsIdentityForItsPod() throws Exception {
        Kubelet.RunningPod running = platform.readyBackend(NAMESPACE);
        List<X509Certificate> chain = serverChain(running, 50002);

        X509Certificate workload = chain.get(0);
        List<String> uris = workload.getSubjectAlternativeNames().stream().filter(san -> (Integer) san.get(0) == 6)
                .map(san -> (String) san.get(1)).toList();
        assertThat(uris).as("daprd's internal gRPC certificate").containsExactly("spiffe://public/ns/todo-prod/backend");

        // Signed by the CA Sentry generated and published in dapr-system's trust bundle.
        String trustAnchors = platform.client().configMaps().inNamespace("dapr-system").withName("dapr-trust-bundle")
                .get().getData().get("ca.crt");
        X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(trustAnchors.getBytes(StandardCharsets.US_ASCII)));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
    }

    @Test
    @Order(3)
    void daprdLoadsExactlyTheComponentsScopedToTheBackend() {
        Kubelet.RunningPod running = platform.readyBackend(NAMESPACE);
        JsonNode metadata = daprd(running, "GET", "/v1.0/metadata").json();

        Set<String> scopedHere = new HashSet<>();
        for (GenericKubernetesResource component : platform.client()
                .genericKubernetesResources("dapr.io/v1alpha1", "Component").inNamespace(NAMESPACE).list().getItems()) {
            JsonNode node = OperatorRender.YAML.valueToTree(component);
            List<String> scopes = new ArrayList<>();
            node.path("scopes").forEach(s -> scopes.add(s.asText()));
            if (scopes.isEmpty() || scopes.contains(APP_ID)) {
                scopedHere.add(node.path("metadata").path("name").asText() + "=" + node.path("spec").path("type").asText());
            }
        }
        Set<String> loaded = new HashSet<>();
        metadata.path("components").forEach(c -> loaded.add(c.path("name").asText() + "=" + c.path("type").asText()));

        assertThat(scopedHere).as("the operator's Components for the backend")
                .containsExactlyInAnyOrder("kafka-pubsub=pubsub.kafka", "statestore=state.postgresql",
                        "kubernetes-secrets=secretstores.kubernetes", "scheduler=bindings.cron");
        Set<String> expected = new HashSet<>(scopedHere);
        expected.add("kubernetes=secretstores.kubernetes"); // daprd's built-in store in Kubernetes mode
        assertThat(loaded).as("components daprd loaded from the Dapr operator").isEqualTo(expected);
        assertThat(loaded).noneMatch(c -> c.startsWith(FOREIGN_COMPONENT + "="));
        assertThat(metadata.path("subscriptions")).as("the app's three programmatic subscriptions").hasSize(3);
    }

    @Test
    @Order(4)
    void chatApiRunsInjectedUnderSentryMtlsAndOnlyItMayInvokeTheBackendsTaskRoutes() throws Exception {
        Kubelet.RunningPod chat = platform.readyPod(NAMESPACE, "chat");
        Pod pod = pod(chat);
        assertThat(pod.getMetadata().getLabels()).containsEntry("dapr.io/sidecar-injected", "true")
                .containsEntry("dapr.io/app-id", "chat-api");
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly("chat-api", "daprd");
        assertThat(String.join(" ", container(pod, "daprd").getArgs()))
                .contains("--mode kubernetes", "--app-id chat-api", "--config chat-api-config", "--enable-mtls")
                .doesNotContain("--app-port");
        assertThat(chat.logs("daprd")).contains("Component loaded: chat-api-model (conversation.openai/v1)");

        // A chat message: the model (scripted, on the host) asks for add_task, chat-api's sidecar invokes the
        // backend through the kubernetes name resolver over mTLS, the backend's policy admits chat-api's identity.
        platform.model.reset();
        platform.model.requireApiKey(platform.modelApiKey);
        platform.model.thenToolCalls(new ScriptedModelServer.ToolCall("call-1", "add_task", "{\"title\": \"From chat\"}"))
                .thenText("Added it.");
        String user = "chat-k8s-user";
        TodoApiClient.Response answer;
        try (PortForward forward = chat.portForward(8080)) {
            answer = new TodoApiClient(forward.url(), platform.jwtSecret).call("POST", "/api/" + user + "/chat", user,
                    Map.of("message", "Add a task: From chat"), null);
        }
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode call = answer.json().path("toolCalls").path(0);
        assertThat(call.path("result").path("ok").asBoolean()).as(call.toString()).isTrue();
        String taskId = call.path("result").path("task").path("id").asText();
        assertThat(platform.model.lastRequest().authorization()).as("the key from the Secret, through the component")
                .isEqualTo("Bearer " + platform.modelApiKey);
        assertThat(answer.body()).doesNotContain(platform.modelApiKey);
        assertThat(chat.logs("chat-api")).doesNotContain(platform.modelApiKey);
        try (PortForward forward = platform.readyBackend(NAMESPACE).portForward(8000)) {
            TodoApiClient.Response task = new TodoApiClient(forward.url(), platform.jwtSecret).getTask(user, taskId);
            assertThat(task.status()).as(task.body()).isEqualTo(200);
            assertThat(task.json().path("title").asText()).isEqualTo("From chat");
        }

        // chat-api on a route that is not a task route is refused by the backend's policy. (A third app-id's refusal
        // is ChatEndToEndIT's; here the only other app is the backend, and daprd hands an app's call to its own
        // app-id straight to the app, without the access-control check: it reaches the backend, which wants a token.)
        Kubelet.RunningPod backend = platform.readyBackend(NAMESPACE);
        TodoApiClient.Response self = daprd(backend, "GET", "/v1.0/invoke/backend.todo-prod/method/api/" + user + "/tasks");
        assertThat(self.status()).as(self.body()).isEqualTo(401);
        TodoApiClient.Response activity = daprd(chat, "GET", "/v1.0/invoke/backend.todo-prod/method/api/" + user + "/activity");
        assertThat(activity.status()).as(activity.body()).isEqualTo(403);
    }

    @Test
    @Order(4)
    void theSecretScopesAndTheRoleLetTheAppReadTodoAuthButNotKafkaSecrets() {
        Kubelet.RunningPod running = platform.readyBackend(NAMESPACE);

        TodoApiClient.Response todoAuth = daprd(running, "GET", "/v1.0/secrets/kubernetes-secrets/todo-auth");
        assertThat(todoAuth.status()).isEqualTo(200);
        assertThat(todoAuth.json().path("jwt-secret").asText()).isEqualTo(platform.jwtSecret);
        assertThat(daprd(running, "GET", "/v1.0/secrets/kubernetes-secrets/kafka-secrets").status())
                .as("kafka-secrets through the app's store").isEqualTo(403);
        assertThat(daprd(running, "GET", "/v1.0/secrets/kubernetes/kafka-secrets").status())
                .as("kafka-secrets through daprd's built-in kubernetes store").isEqualTo(403);
        assertThat(daprd(running, "GET", "/v1.0/secrets/kubernetes/todo-auth").status())
                .as("the built-in store denies everything").isEqualTo(403);

        // Below Dapr's scopes, the pod's service account itself may get todo-auth and nothing else.
        try (KubernetesClient impersonating = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(platform.client().getConfiguration())
                        .withImpersonateUsername("system:serviceaccount:" + NAMESPACE + ":" + APP_ID).build()).build()) {
            assertThat(impersonating.secrets().inNamespace(NAMESPACE).withName("todo-auth").get()).isNotNull();
            assertThatThrownBy(() -> impersonating.secrets().inNamespace(NAMESPACE).withName("kafka-secrets").get())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
    }

    @Test
    @Order(5)
    void theResiliencyIsLoaded() {
        Kubelet.RunningPod running = platform.readyBackend(NAMESPACE);
        assertThat(running.logs("daprd")).contains("Loading Resiliency configuration: backend-resiliency");
        try (PortForward metrics = running.portForward(9090)) {
            String exposition = TodoApiClient.send(metrics.url(), "GET", "/", Map.of(), null).body();
            assertThat(exposition.lines().filter(l -> l.startsWith("dapr_resiliency_loaded"))
                    .filter(l -> l.contains("name=\"backend-resiliency\"") && l.contains("namespace=\"todo-prod\"")))
                    .as("daprd's resiliency metric").singleElement().satisfies(l -> assertThat(l).endsWith(" 1"));
        }
    }

    @Test
    @Order(6)
    void tasksTravelThroughKafkaPostgresTheSchedulerAndBackIntoTheFeed() {
        Kubelet.RunningPod running = platform.readyBackend(NAMESPACE);
        String user = "alice-" + shortId();
        try (PortForward forward = running.portForward(8000)) {
            TodoApiClient api = new TodoApiClient(forward.url(), platform.jwtSecret);
            Instant remindAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(8);
            String reminded = api.createTask(user, Map.of("title", "call mum", "remindAt", remindAt.toString()), null)
                    .expect(201).path("id").asText();
            String chore = api.createTask(user, Map.of("title", "buy milk", "priority", "high"), null).expect(201)
                    .path("id").asText();
            assertThat(stateRow("task:" + chore)).as("task row in PostgreSQL").hasValueSatisfying(row ->
                    assertThat(row.path("task").path("title").asText()).isEqualTo("buy milk"));
            api.updateTask(user, chore, Map.of("title", "buy oat milk", "priority", "high"), null).expect(200);
            api.complete(user, chore, true, null).expect(200);
            assertThat(stateRow("task:" + chore)).hasValueSatisfying(row -> {
                assertThat(row.path("task").path("title").asText()).isEqualTo("buy oat milk");
                assertThat(row.path("task").path("completed").asBoolean()).isTrue();
            });
            api.deleteTask(user, chore, null).expect(204);
            assertThat(stateRow("task:" + chore)).as("the deleted task's row").isEmpty();

            List<Event> onKafka = CloudEvents.await(platform.recorder,
                    e -> e.json().path("data").path("userId").asText().equals(user),
                    l -> l.size() >= 6, Duration.between(Instant.now(), remindAt).plusSeconds(30),
                    "created x2, updated, completed, deleted and reminder.due of " + user);
            assertThat(onKafka).extracting(e -> e.type() + " " + (e.subject().equals(chore) ? "chore" : "reminded"))
                    .containsExactlyInAnyOrder("com.todo.task.created reminded", "com.todo.task.created chore",
                            "com.todo.task.updated chore", "com.todo.task.completed chore", "com.todo.task.deleted chore",
                            "com.todo.reminder.due reminded");
            for (Event event : onKafka) {
                assertThat(event.message().key()).as("Kafka key of %s", event).isEqualTo(user);
                assertThat(event.json().path("source").asText()).isEqualTo(APP_ID);
                assertThat(event.topic()).isEqualTo(switch (event.type()) {
                    case "com.todo.task.updated" -> platform.topics.get(1);
                    case "com.todo.reminder.due" -> platform.topics.get(2);
                    default -> platform.topics.get(0);
                });
            }
            Event due = onKafka.stream().filter(e -> e.type().equals("com.todo.reminder.due")).findFirst().orElseThrow();
            assertThat(Instant.parse(due.json().path("time").asText())).as("fired by the Scheduler, not early")
                    .isAfterOrEqualTo(remindAt);
            assertThat(due.message().receivedAt()).isBefore(remindAt.plusSeconds(10));

            // daprd consumed the topics (consumer group = app-id) and delivered each event to the app.
            Map<String, String> kafkaIds = onKafka.stream().collect(Collectors.toMap(Event::id, Event::type));
            Map<String, String> feedIds = new HashMap<>();
            platform.awaitTrue("the activity feed of " + user + " to hold its 6 events", () -> {
                feedIds.clear();
                api.activity(user).expect(200).path("items")
                        .forEach(item -> feedIds.put(item.path("id").asText(), item.path("type").asText()));
                return feedIds.size() >= 6;
            });
            assertThat(feedIds).as("the feed holds exactly the events that went through Kafka").isEqualTo(kafkaIds);
        }
    }

    @Test
    @Order(7)
    void theSidecarFacingRoutesRefuseCallsWithoutTheAppTokenAndAcceptDaprds() {
        Kubelet.RunningPod running = platform.readyBackend(NAMESPACE);
        try (PortForward forward = running.portForward(8000)) {
            TodoApiClient api = new TodoApiClient(forward.url(), platform.jwtSecret);
            String sweep = "/" + platform.todoPlatform.path("spec").path("scheduler").path("name").asText();
            List<String[]> routes = List.of(new String[] {"GET", "/dapr/subscribe"},
                    new String[] {"POST", "/events/" + platform.topics.get(0)},
                    new String[] {"POST", "/job/reminder-" + UUID.randomUUID()}, new String[] {"POST", sweep});
            for (String[] route : routes) {
                assertThat(api.raw(route[0], route[1], Map.of(), Map.of()).status())
                        .as("%s %s without dapr-api-token", route[0], route[1]).isEqualTo(401);
                assertThat(api.raw(route[0], route[1], Map.of("dapr-api-token", "wrong"), Map.of()).status())
                        .as("%s %s with a wrong token", route[0], route[1]).isEqualTo(401);
            }
            assertThat(api.raw("GET", "/dapr/subscribe", Map.of("dapr-api-token", platform.appToken), null).status())
                    .as("with the token of the todo-app-token Secret").isEqualTo(200);

            // daprd's own calls carry the token: an event makes it through the subscription into the feed.
            String user = "tom-" + shortId();
            String taskId = api.createTask(user, Map.of("title", "token check"), null).expect(201).path("id").asText();
            platform.awaitTrue("the feed of " + user, () -> api.activity(user).expect(200).path("items").size() == 1);
            assertThat(api.activity(user).expect(200).path("items").get(0).path("subject").asText()).isEqualTo(taskId);
        }
    }

    @Test
    @Order(8)
    void aSpecChangeRollsOutANewPodThatRunsWithTheNewConfiguration() {
        Kubelet.RunningPod before = platform.readyBackend(NAMESPACE);
        String hashBefore = templateHash();
        assertThat(sampledFlag(before)).as("sampling rate 0: daprd's API answers are not traced").isNotEqualTo("01");

        ObjectNode changed = platform.todoPlatform.deepCopy();
        ((ObjectNode) changed.path("spec").path("dapr").path("tracing")).put("samplingRate", "1");
        platform.apply(changed);

        platform.awaitTrue("a new pod-template hash", () -> !hashBefore.equals(templateHash()));
        platform.awaitTrue("the old pod " + before.name() + " to be gone", () ->
                platform.client().pods().inNamespace(NAMESPACE).withName(before.name()).get() == null);
        platform.awaitReady(NAMESPACE, NAME);
        Kubelet.RunningPod after = platform.readyBackend(NAMESPACE);

        assertThat(after.name()).isNotEqualTo(before.name());
        assertThat(pod(after).getMetadata().getAnnotations()).containsEntry("platform.todo.io/dapr-resources-hash",
                templateHash());
        JsonNode configuration = OperatorRender.YAML.valueToTree(platform.client()
                .genericKubernetesResources("dapr.io/v1alpha1", "Configuration").inNamespace(NAMESPACE)
                .withName("backend-config").get());
        assertThat(configuration.path("spec").path("tracing").path("samplingRate").asText()).isEqualTo("1");
        assertThat(sampledFlag(after)).as("the new pod's daprd runs with sampling rate 1").isEqualTo("01");
        platform.todoPlatform.setAll(changed);
    }

    @Test
    @Order(9)
    void aWrongKafkaPasswordMakesTheSidecarFailAndTheTodoPlatformStayUnready() {
        String namespace = "todo-broken";
        platform.cluster.createNamespace(namespace);
        platform.createSecrets(namespace, "not-" + platform.kafka.password());
        int brokerLogBefore = platform.kafka.log().length();
        ObjectNode broken = platform.todoPlatform.deepCopy();
        ((ObjectNode) broken.path("metadata")).put("namespace", namespace);
        // Only the backend's sidecar matters here: no chat-api pod beside it (one JVM and one daprd fewer).
        ((ObjectNode) broken.path("spec").path("chat")).put("enabled", false);
        platform.apply(broken);
        try {
            String[] daprdLog = {""};
            platform.awaitTrue("daprd of " + namespace + " to fail on the Kafka component", () -> {
                List<Pod> pods = platform.backendPods(namespace);
                if (pods.isEmpty()) {
                    return false;
                }
                daprdLog[0] = platform.kubelet().pod(namespace, pods.get(0).getMetadata().getName())
                        .map(p -> p.logs("daprd")).orElse("");
                return daprdLog[0].contains("initialization error occurred for kafka-pubsub (pubsub.kafka/v1)");
            });
            assertThat(platform.kafka.log().substring(brokerLogBefore)).contains("Failed authentication");
            Pod pod = platform.backendPods(namespace).get(0);
            assertThat(ClusterPlatform.isReady(pod)).as("the pod never gets Ready").isFalse();
            JsonNode cr = OperatorRender.YAML.valueToTree(platform.todoPlatform(namespace, NAME).get());
            assertThat(ClusterPlatform.condition(cr, "Ready")).hasValueSatisfying(c ->
                    assertThat(c.path("status").asText()).isEqualTo("False"));
            assertThat(ClusterPlatform.condition(cr, "BackendAvailable")).hasValueSatisfying(c ->
                    assertThat(c.path("status").asText()).isEqualTo("False"));
        } finally {
            platform.todoPlatform(namespace, NAME).delete();
        }
    }

    @Test
    @Order(10)
    void aSecretStoreNamedLikeDaprsBuiltInOneIsRefusedByTheApiServer() {
        ObjectNode clash = platform.todoPlatform.deepCopy();
        ((ObjectNode) clash.path("metadata")).put("name", "clash");
        ((ObjectNode) clash.path("spec").path("secretStore")).put("name", "kubernetes");
        assertThatThrownBy(() -> platform.apply(clash))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.secretStore.name");
                });
        assertThat(platform.todoPlatform(NAMESPACE, "clash").get()).isNull();
    }

    // --- helpers ---

    private Pod pod(Kubelet.RunningPod running) {
        return platform.client().pods().inNamespace(running.namespace()).withName(running.name()).get();
    }

    private static Container container(Pod pod, String name) {
        return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    /** "secret/key" of the variable's secretKeyRef, or null. */
    private static String secretKeyRef(Container container, String variable) {
        return container.getEnv() == null ? null : container.getEnv().stream()
                .filter(e -> e.getName().equals(variable) && e.getValueFrom() != null
                        && e.getValueFrom().getSecretKeyRef() != null)
                .map(e -> e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey())
                .findFirst().orElse(null);
    }

    private String templateHash() {
        Deployment deployment = platform.client().apps().deployments().inNamespace(NAMESPACE).withName(APP_ID).get();
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("platform.todo.io/dapr-resources-hash");
    }

    /** A call to daprd's HTTP API on the pod's loopback (as an app in the pod would make it). */
    private static TodoApiClient.Response daprd(Kubelet.RunningPod running, String method, String path) {
        try (PortForward forward = running.portForward(3500)) {
            return TodoApiClient.send(forward.url(), method, path, Map.of(), null);
        }
    }

    /** The trace flags of the traceparent daprd puts on an answer of its API ("01": sampled), or "none". */
    private static String sampledFlag(Kubelet.RunningPod running) {
        String traceparent = daprd(running, "GET", "/v1.0/metadata").header("traceparent");
        return traceparent == null ? "none" : traceparent.substring(traceparent.lastIndexOf('-') + 1);
    }

    /**
     * The certificate chain a TLS server in the pod presents. daprd's internal gRPC port wants a client
     * certificate too, so the handshake fails after the server's chain has been seen, which is all this needs.
     */
    private static List<X509Certificate> serverChain(Kubelet.RunningPod running, int port) throws Exception {
        AtomicReference<X509Certificate[]> seen = new AtomicReference<>();
        TrustManager capture = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen.set(chain);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {capture}, null);
        try (PortForward forward = running.portForward(port);
             SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", forward.localPort())) {
            socket.setSoTimeout(10_000);
            try {
                socket.startHandshake();
            } catch (Exception refusedWithoutClientCertificate) {
                // the chain was captured before the server asked for ours
            }
        }
        assertThat(seen.get()).as("the server's certificate chain").isNotNull();
        return List.of(seen.get());
    }

    /** A row of state.postgresql v1's table ("<app-id>||<key>"), base64-decoded when Dapr stored bytes. */
    private Optional<JsonNode> stateRow(String key) {
        String table = platform.todoPlatform.path("spec").path("stateStore").path("tableName").asText("state");
        try (Connection connection = platform.postgres.connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT value::text, isbinary FROM " + table + " WHERE key = ?")) {
            query.setString(1, APP_ID + "||" + key);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                JsonNode value = TodoApiClient.JSON.readTree(row.getString(1));
                if (row.getBoolean(2)) {
                    value = TodoApiClient.JSON.readTree(new String(Base64.getDecoder().decode(value.asText()),
                            StandardCharsets.UTF_8));
                }
                return Optional.of(value);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the state table", e);
        }
    }

    /** A message of the recorded topics and its value as a CloudEvent. */
    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
