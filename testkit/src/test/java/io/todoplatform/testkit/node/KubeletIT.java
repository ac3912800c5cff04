package io.todoplatform.testkit.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.node.network.PortForward;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The node of the test cluster does what a kubelet does, and nothing else: a Pod runs with exactly the command,
 * arguments, environment, user and files its spec gives (valueFrom read from the API server, $(VAR) expanded),
 * reaches Services by their cluster DNS names and other pods by IP, gets a service-account token bound to it,
 * reports Ready from its readiness probe, waits with the kubelet's reasons when it cannot start, and gets SIGTERM
 * and its grace period when deleted. The container program is {@link EchoServer}, which reports what it sees.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubeletIT {

    private static final String IMAGE = "echo:test";
    private static final String NAMESPACE = "echo";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private KubeCluster cluster;

    @BeforeAll
    void startCluster() {
        Path javaHome = Environment.javaExecutable().getParent().getParent();
        Path testClasses = Path.of(EchoServer.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        ImageRegistry images = new ImageRegistry().add(new ContainerImage(IMAGE,
                List.of("java", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", "/app/classes",
                        EchoServer.class.getName()),
                List.of("8080"), "/app", 65532, 65532,
                Map.of("PATH", "/opt/java/openjdk/bin:" + ContainerImage.DEFAULT_PATH, "JAVA_HOME", "/opt/java/openjdk"),
                Map.of("/app/classes", testClasses, "/opt/java/openjdk", javaHome)));
        cluster = KubeCluster.start(Environment.outputDir().resolve("kubelet-it"), images);
        cluster.createNamespace(NAMESPACE);
        client().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("creds")
                .endMetadata().addToStringData("password", "s3cret").build()).create();
        client().configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .endMetadata().addToData("mode", "strict").build()).create();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void runsTheContainerExactlyAsItsSpecSays() throws Exception {
        Pod pod = run("exact", c -> c
                .withArgs("8080", "$(GREETING)-arg", "$$(GREETING)")
                .addNewEnv().withName("GREETING").withValue("hello").endEnv()
                .addNewEnv().withName("COMPOSED").withValue("$(GREETING) world").endEnv()
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "creds", false)
                .endValueFrom().endEnv()
                .addNewEnv().withName("MODE").withNewValueFrom().withNewConfigMapKeyRef("mode", "settings", false)
                .endValueFrom().endEnv()
                .addNewEnv().withName("MY_POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("MY_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .withNewSecurityContext().withRunAsUser(1234L).withRunAsGroup(2345L).endSecurityContext());
        Kubelet.RunningPod running = cluster.kubelet().awaitPod(NAMESPACE, "exact", Duration.ofSeconds(30));

        JsonNode me = JSON.readTree(get(running, "/whoami"));
        assertThat(me.path("uid").asText()).isEqualTo("1234");
        assertThat(me.path("gid").asText()).isEqualTo("2345");
        assertThat(me.path("hostname").asText()).isEqualTo("exact");
        assertThat(me.path("cwd").asText()).as("the image's WORKDIR").isEqualTo("/app");
        assertThat(JSON.convertValue(me.path("args"), List.class)).isEqualTo(List.of("8080", "hello-arg", "$(GREETING)"));

        @SuppressWarnings("unchecked")
        Map<String, String> env = JSON.convertValue(me.path("env"), Map.class);
        assertThat(env).containsEntry("GREETING", "hello").containsEntry("COMPOSED", "hello world")
                .containsEntry("PASSWORD", "s3cret").containsEntry("MODE", "strict").containsEntry("MY_POD", "exact")
                .containsEntry("MY_IP", client().pods().inNamespace(NAMESPACE).withName("exact").get().getStatus().getPodIP())
                .containsEntry("PATH", "/opt/java/openjdk/bin:" + ContainerImage.DEFAULT_PATH)
                .containsEntry("KUBERNETES_SERVICE_HOST", "10.0.0.1").containsEntry("KUBERNETES_SERVICE_PORT", "443");
        Set<String> unexpected = new HashSet<>(env.keySet());
        unexpected.removeAll(Set.of("GREETING", "COMPOSED", "PASSWORD", "MODE", "MY_POD", "MY_IP", "PATH", "JAVA_HOME",
                "HOSTNAME"));
        // Service links: the variables of default/kubernetes and of the namespace's Services (other tests add one).
        Set<String> services = new HashSet<>(Set.of("KUBERNETES_"));
        client().services().inNamespace(NAMESPACE).list().getItems().forEach(service ->
                services.add(service.getMetadata().getName().toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_"));
        unexpected.removeIf(k -> services.stream().anyMatch(k::startsWith));
        assertThat(unexpected).as("nothing of the test JVM's environment leaks in").isEmpty();
        assertThat(pod.getSpec().getNodeName()).isEqualTo(Kubelet.NODE_NAME);
    }

    @Test
    void mountsVolumesAndAServiceAccountTokenBoundToThePodOnAReadOnlyRoot() throws Exception {
        run("volumes", c -> c
                .addNewVolumeMount().withName("creds").withMountPath("/var/creds").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("token").withMountPath("/var/run/secrets/tokens").endVolumeMount()
                .addNewVolumeMount().withName("scratch").withMountPath("/tmp").endVolumeMount()
                .withNewSecurityContext().withReadOnlyRootFilesystem(true).endSecurityContext(),
                new VolumeBuilder().withName("creds").withNewSecret().withSecretName("creds").endSecret().build(),
                new VolumeBuilder().withName("token").withNewProjected().addNewSource().withNewServiceAccountToken()
                        .withAudience("echo-audience").withPath("token").withExpirationSeconds(600L)
                        .endServiceAccountToken().endSource().endProjected().build(),
                new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build());
        Kubelet.RunningPod running = cluster.kubelet().awaitPod(NAMESPACE, "volumes", Duration.ofSeconds(30));

        assertThat(get(running, "/file?path=/var/creds/password")).isEqualTo("s3cret");
        assertThat(status(running, "/write?path=/tmp/out")).as("the emptyDir is writable").isEqualTo(200);
        assertThat(status(running, "/write?path=/app/out")).as("readOnlyRootFilesystem").isEqualTo(500);

        String token = get(running, "/file?path=/var/run/secrets/tokens/token");
        TokenReview review = client().tokenReviews().create(new TokenReviewBuilder().withNewSpec().withToken(token)
                .withAudiences("echo-audience").endSpec().build());
        assertThat(review.getStatus().getAuthenticated()).isTrue();
        assertThat(review.getStatus().getUser().getUsername()).isEqualTo("system:serviceaccount:echo:default");
        assertThat(review.getStatus().getUser().getExtra().get("authentication.kubernetes.io/pod-name"))
                .as("bound to the Pod").containsExactly("volumes");
    }

    @Test
    void podsReachServicesByTheirClusterDnsNameAndEachOtherByPodIp() throws Exception {
        run("server", c -> c);
        client().services().inNamespace(NAMESPACE).resource(new ServiceBuilder().withNewMetadata().withName("greeter")
                .endMetadata().withNewSpec().addToSelector("test", "server").addNewPort().withPort(80)
                .withTargetPort(new IntOrString(8080)).endPort().endSpec().build()).create();
        run("client", c -> c);
        Kubelet.RunningPod client = cluster.kubelet().awaitPod(NAMESPACE, "client", Duration.ofSeconds(30));
        String serverIp = cluster.kubelet().awaitPod(NAMESPACE, "server", Duration.ofSeconds(30)).ip();
        String clusterIp = client().services().inNamespace(NAMESPACE).withName("greeter").get().getSpec().getClusterIP();

        assertThat(get(client, "/resolve?name=greeter.echo.svc.cluster.local")).isEqualTo("[\"" + clusterIp + "\"]");
        // Until the endpoint is ready the echo's /fetch answers with the connection error's text, not JSON: wait on.
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptionsInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class)
                .untilAsserted(() -> assertThat(
                JSON.readTree(get(client, "/fetch?url=" + encode("http://greeter/whoami"))).path("hostname").asText())
                .as("the short name through the search path, to a ready endpoint").isEqualTo("server"));
        assertThat(JSON.readTree(get(client, "/fetch?url=" + encode("http://" + serverIp + ":8080/whoami")))
                .path("hostname").asText()).as("pod to pod").isEqualTo("server");
        assertThat(status(client, "/resolve?name=nowhere.echo.svc.cluster.local")).isEqualTo(404);
    }

    @Test
    void theReadinessProbeDecidesWhetherThePodIsReady() throws Exception {
        run("probed", c -> c.withNewReadinessProbe().withNewHttpGet().withPath("/file?path=/tmp/ready")
                .withPort(new IntOrString(8080)).endHttpGet().withPeriodSeconds(1).endReadinessProbe()
                .addNewVolumeMount().withName("scratch").withMountPath("/tmp").endVolumeMount(),
                new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build());
        Kubelet.RunningPod running = cluster.kubelet().awaitPod(NAMESPACE, "probed", Duration.ofSeconds(30));
        status(running, "/whoami");
        assertThat(ready("probed")).as("the probe answers 404").isFalse();

        get(running, "/write?path=/tmp/ready");
        await().atMost(Duration.ofSeconds(30)).until(() -> ready("probed"));
    }

    @Test
    void aContainerThatCannotStartWaitsWithTheKubeletsReason() {
        run("missing-secret", c -> c.addNewEnv().withName("X").withNewValueFrom()
                .withNewSecretKeyRef("key", "does-not-exist", false).endValueFrom().endEnv());
        run("missing-image", c -> c.withImage("registry.example.com/nowhere:1"));
        run("root-image", c -> c.withNewSecurityContext().withRunAsUser(0L).withRunAsNonRoot(true).endSecurityContext());

        assertThat(waitingReason("missing-secret")).isEqualTo("CreateContainerConfigError: secret \"does-not-exist\" not found");
        assertThat(waitingReason("missing-image")).startsWith("ErrImagePull");
        assertThat(waitingReason("root-image")).isEqualTo(
                "CreateContainerConfigError: container has runAsNonRoot and image will run as root");
    }

    @Test
    void aDeletedPodGetsSigtermAndItsGracePeriodThenTheObjectIsRemoved() {
        run("doomed", c -> c);
        Kubelet.RunningPod running = cluster.kubelet().awaitPod(NAMESPACE, "doomed", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> running.logs("main").contains("listening on 8080"));

        client().pods().inNamespace(NAMESPACE).withName("doomed").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> client().pods().inNamespace(NAMESPACE).withName("doomed").get() == null);
        assertThat(running.logs("main")).contains("SIGTERM received");
        assertThat(cluster.kubelet().pod(NAMESPACE, "doomed")).isEmpty();
    }

    // --- helpers ---

    private KubernetesClient client() {
        return cluster.client();
    }

    /** Creates a bare Pod of the echo image; the node binds and runs it. */
    private Pod run(String name, UnaryOperator<ContainerBuilder> container, Volume... volumes) {
        ContainerBuilder main = container.apply(new ContainerBuilder().withName("main").withImage(IMAGE)
                .addNewPort().withContainerPort(8080).endPort());
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .addToLabels("test", name).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(5L).addToContainers(main.build())
                .addToVolumes(volumes).endSpec().build();
        client().pods().inNamespace(NAMESPACE).resource(pod).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Pod live = client().pods().inNamespace(NAMESPACE).withName(name).get();
            return live.getSpec().getNodeName() != null;
        });
        return client().pods().inNamespace(NAMESPACE).withName(name).get();
    }

    private boolean ready(String name) {
        Pod pod = client().pods().inNamespace(NAMESPACE).withName(name).get();
        return pod.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private String waitingReason(String name) {
        String[] reason = {null};
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Pod pod = client().pods().inNamespace(NAMESPACE).withName(name).get();
            if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                    || pod.getStatus().getContainerStatuses().isEmpty()) {
                return false;
            }
            ContainerStateWaiting waiting = pod.getStatus().getContainerStatuses().get(0).getState().getWaiting();
            reason[0] = waiting == null ? null : waiting.getReason() + ": " + waiting.getMessage();
            return waiting != null && !"ContainerCreating".equals(waiting.getReason());
        });
        return reason[0];
    }

    private static String get(Kubelet.RunningPod pod, String path) throws Exception {
        return request(pod, path).body();
    }

    private static int status(Kubelet.RunningPod pod, String path) throws Exception {
        return request(pod, path).statusCode();
    }

    /** A request to the echo server of the pod, once it listens (a fresh container needs a moment). */
    private static HttpResponse<String> request(Kubelet.RunningPod pod, String path) throws Exception {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> send(pod, "/whoami").statusCode() == 200);
        return send(pod, path);
    }

    private static HttpResponse<String> send(Kubelet.RunningPod pod, String path) throws Exception {
        try (PortForward forward = pod.portForward(8080)) {
            return HTTP.send(HttpRequest.newBuilder(URI.create(forward.url() + path)).timeout(Duration.ofSeconds(20))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
