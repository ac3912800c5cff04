package io.todoplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.kube.KubeApiServerExtension;
import io.todoplatform.testkit.monitoring.ExposedMetrics;
import io.todoplatform.testkit.monitoring.MonitoringQueries;
import io.todoplatform.testkit.monitoring.PromQlMetricNames;
import io.todoplatform.testkit.process.FreePorts;
import io.todoplatform.testkit.process.HttpProbe;
import io.todoplatform.testkit.process.ManagedProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the dashboard and the alerts of deploy/monitoring read is exposed by a running operator, backend or
 * daprd: the names come from the files' PromQL (not from a list typed here) and are looked up in real scrapes.
 *
 * <p>The operator runs as {@code todo-operator.jar run} against a real kube-apiserver with TodoPlatform and Dapr
 * CRDs; the backend is {@link TodoPlatformStack} (the app beside a real daprd, Kafka, PostgreSQL, the Scheduler).
 * Some metrics only appear once something happened, so the test makes it happen: a TodoPlatform whose Deployment
 * the API server refuses (an admission policy: ApplyFailed, failed reconciliations) and one that applies; a task (state, publish, delivery back to the app's activity feed) with a reminder that fires.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringMetricsEndToEndIT {

    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    private static final Duration SCRAPE_WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path workDir;

    private TodoPlatformStack stack;
    private ManagedProcess operator;
    private int operatorPort;

    @BeforeAll
    void start() throws IOException {
        KubernetesClient client = KUBE.client();
        Path root = Environment.repoRoot();
        installCrd(client, root.resolve("crds/todoplatforms.platform.todo.io-v1.yml"));
        for (String file : List.of("components.yaml", "resiliency.yaml", "configuration.yaml")) {
            installCrd(client, root.resolve("../shared/dapr/crds").resolve(file).normalize());
        }
        operatorPort = FreePorts.next();
        Path log = workDir.resolve("operator.log");
        operator = ManagedProcess.start("todo-operator",
                List.of(Environment.javaExecutable().toString(), "-Xmx256m", "-jar",
                        root.resolve("operator/target/todo-operator.jar").toString(), "run"),
                log,
                Map.of("KUBECONFIG", KUBE.server().kubeconfigFile().toString(),
                        "OPERATIONS_PORT", Integer.toString(operatorPort),
                        "LEADER_ELECTION", "false"),
                root);
        HttpProbe.awaitHealthy(operator, URI.create("http://127.0.0.1:" + operatorPort + "/readyz"),
                Duration.ofSeconds(120));
        stack = TodoPlatformStack.start(workDir.resolve("stack"), TodoPlatformStack.Options.defaults());
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsReadIsExposed() throws Exception {
        KubernetesClient client = KUBE.client();
        applyMinimalPlatform(client, "monitoring-applied", false);
        applyMinimalPlatform(client, "monitoring-refused", true);
        String user = "monitoring-user";
        String taskId = stack.api.createTask(user, Map.of("title", "monitored",
                "remindAt", Instant.now().plusSeconds(3).toString()), null).json().path("id").asText();
        assertThat(taskId).isNotBlank();

        Map<String, String> scrapeUrls = new LinkedHashMap<>();
        scrapeUrls.put("operator", "http://127.0.0.1:" + operatorPort + "/metrics");
        scrapeUrls.put("todo-app", stack.replica(0).url() + "/metrics");
        scrapeUrls.put("daprd", "http://127.0.0.1:" + stack.dapr.metricsPort() + "/metrics");

        Map<String, Set<String>> used = usedMetricNames(root());
        assertThat(used).as("metric names read by deploy/monitoring").hasSizeGreaterThan(20);

        Map<String, Set<String>> exposed = new LinkedHashMap<>();
        try {
            await().atMost(SCRAPE_WAIT).pollInterval(2, TimeUnit.SECONDS).untilAsserted(() -> {
                scrapeUrls.forEach((source, url) -> exposed.put(source, ExposedMetrics.sampleNames(get(url))));
                Set<String> all = new TreeSet<>();
                exposed.values().forEach(all::addAll);
                assertThat(all).as("metrics read by the dashboard and the alerts").containsAll(used.keySet());
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Map<String, Set<String>> missing = new TreeMap<>();
            used.forEach((name, where) -> {
                if (exposed.values().stream().noneMatch(names -> names.contains(name))) {
                    missing.put(name, where);
                }
            });
            throw new AssertionError("Metrics read by deploy/monitoring that no running component exposes (name ->"
                    + " where it is read): " + missing + "\nExposed: " + exposed, e);
        }

        await().atMost(SCRAPE_WAIT).pollInterval(2, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(get(scrapeUrls.get("operator")))
                        .as("the refused platform, counted by reason and named by the not-Ready gauge")
                        .contains("todoplatform_conditions{reason=\"ApplyFailed\",status=\"False\",type=\"Ready\"} 1.0")
                        .contains("todoplatform_not_ready_seconds{name=\"todo\",namespace=\"monitoring-refused\"}"));
    }

    /** Metric name -> the queries that read it (alerts, panels, variables). */
    private static Map<String, Set<String>> usedMetricNames(Path root) {
        Map<String, String> queries = new LinkedHashMap<>(MonitoringQueries.rules(root));
        queries.putAll(MonitoringQueries.dashboard(root));
        Map<String, Set<String>> used = new TreeMap<>();
        queries.forEach((where, query) -> PromQlMetricNames.of(query)
                .forEach(name -> used.computeIfAbsent(name, k -> new TreeSet<>()).add(where)));
        return used;
    }

    /**
     * samples/minimal.yaml in its own namespace with the Secrets it needs; {@code refuseDeployments}: a
     * ValidatingAdmissionPolicy makes the API server refuse the backend Deployment there (what a cluster's policy
     * would do), so the operator reports ApplyFailed and its reconciliations fail.
     */
    private void applyMinimalPlatform(KubernetesClient client, String namespace, boolean refuseDeployments)
            throws IOException {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels("monitoring-it/refuse-deployments", Boolean.toString(refuseDeployments))
                .endMetadata().build()).create();
        if (refuseDeployments) {
            load(client, """
                    apiVersion: admissionregistration.k8s.io/v1
                    kind: ValidatingAdmissionPolicy
                    metadata:
                      name: refuse-deployments
                    spec:
                      failurePolicy: Fail
                      matchConstraints:
                        resourceRules:
                          - apiGroups: ["apps"]
                            apiVersions: ["v1"]
                            operations: ["CREATE", "UPDATE"]
                            resources: ["deployments"]
                      validations:
                        - expression: "false"
                          message: refused by MonitoringMetricsEndToEndIT
                    ---
                    apiVersion: admissionregistration.k8s.io/v1
                    kind: ValidatingAdmissionPolicyBinding
                    metadata:
                      name: refuse-deployments
                    spec:
                      policyName: refuse-deployments
                      validationActions: ["Deny"]
                      matchResources:
                        namespaceSelector:
                          matchLabels:
                            monitoring-it/refuse-deployments: "true"
                    """, null);
            // The API server loads policies asynchronously: wait until a dry-run Deployment is refused.
            Deployment probe = new DeploymentBuilder().withNewMetadata().withName("probe").endMetadata()
                    .withNewSpec().withNewSelector().addToMatchLabels("app", "probe").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "probe").endMetadata()
                    .withNewSpec().addNewContainer().withName("probe").withImage("probe").endContainer().endSpec()
                    .endTemplate().endSpec().build();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                try {
                    client.apps().deployments().inNamespace(namespace).resource(probe).dryRun().create();
                    return false;
                } catch (KubernetesClientException refused) {
                    return refused.getMessage().contains("refused by MonitoringMetricsEndToEndIT");
                }
            });
        }
        Path root = root();
        load(client, Files.readString(root.resolve("samples/minimal-secrets.yaml"))
                .replace("namespace: todo\n", "namespace: " + namespace + "\n"), namespace);
        load(client, Files.readString(root.resolve("samples/minimal.yaml"))
                .replace("namespace: todo\n", "namespace: " + namespace + "\n"), namespace);
    }

    private static void load(KubernetesClient client, String yaml, String namespace) {
        var in = new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (namespace == null) {
            client.load(in).create();
        } else {
            client.load(in).inNamespace(namespace).create();
        }
    }

    private static void installCrd(KubernetesClient client, Path file) {
        CustomResourceDefinition crd;
        try (InputStream in = Files.newInputStream(file)) {
            crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                                && c.getStatus().getConditions().stream()
                        .anyMatch(k -> k.getType().equals("Established") && k.getStatus().equals("True")),
                        60, TimeUnit.SECONDS);
    }

    private static Path root() {
        return Environment.repoRoot();
    }

    private static String get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(url).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scrape " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
