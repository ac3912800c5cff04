package io.todoplatform.operator.reconciler;

import static io.todoplatform.operator.support.ClusterFixtures.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.Configuration;
import io.todoplatform.operator.dapr.v1alpha1.Resiliency;
import io.todoplatform.operator.runtime.OperatorRuntime;
import io.todoplatform.operator.status.ConditionType;
import io.todoplatform.operator.status.Reason;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.RunningOperator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real operator (same wiring as `run`) against fabric8's mock API server in CRUD mode. That server does not
 * implement server-side apply, so these tests run with SSA off; the production path (SSA on, a real
 * kube-apiserver) is covered by the *KubeApiServerIT tests. No Deployment controller runs here: tests mark the
 * Deployment available themselves.
 */
@EnableKubernetesMockClient(crud = true)
class TodoPlatformMockServerIT extends TodoPlatformScenarios {
  static KubernetesClient client;
  static KubernetesClient operatorClient;
  static OperatorRuntime operator;

  @BeforeAll
  static void startOperator() {
    ClusterFixtures.installTodoPlatformCrd(client);
    ClusterFixtures.installDaprCrds(client);
    operatorClient = RunningOperator.clientForMockServer(client);
    operator = RunningOperator.start(operatorClient, RunningOperator.settings(false));
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
  }

  @Test
  void createAppliesEveryChildWithAnOwnerReferenceAndGoesReadyWhenTheBackendIsAvailable() {
    String ns = readyPlatform();
    assertThat(client.serviceAccounts().inNamespace(ns).withName("backend").get()).isNotNull();
    assertThat(client.rbac().roles().inNamespace(ns).withName("backend-secret-reader").get()).isNotNull();
    assertThat(client.rbac().roleBindings().inNamespace(ns).withName("backend-secret-reader").get()).isNotNull();
    assertThat(client.services().inNamespace(ns).withName("backend").get()).isNotNull();
    assertThat(components(ns)).extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder("kubernetes-secrets", "kafka-pubsub", "statestore", "scheduler", "chat-api-model");
    assertThat(dapr(ns, Resiliency.class, "backend-resiliency")).isNotNull();
    assertThat(dapr(ns, Configuration.class, "backend-config")).isNotNull();
    TodoPlatform platform = platform(ns);
    for (HasMetadata child : List.<HasMetadata>of(deployment(ns), dapr(ns, Component.class, "kafka-pubsub"),
        client.serviceAccounts().inNamespace(ns).withName("backend").get())) {
      OwnerReference owner = child.getMetadata().getOwnerReferences().get(0);
      assertThat(owner.getUid()).isEqualTo(platform.getMetadata().getUid());
      assertThat(owner.getKind()).isEqualTo("TodoPlatform");
    }
    assertThat(platform.getMetadata().getFinalizers()).as("no finalizer that could get stuck").isNullOrEmpty();
    assertThat(platform.getStatus().getObservedGeneration()).isEqualTo(platform.getMetadata().getGeneration());
    assertThat(platform.getStatus().getAppId()).isEqualTo("backend");
    assertThat(platform.getStatus().getComponents())
        .containsExactly("kubernetes-secrets", "kafka-pubsub", "statestore", "scheduler", "chat-api-model");
    assertThat(platform.getStatus().getBackend().getReadyReplicas()).isEqualTo(2);
    assertThat(condition(client, ns, "todo", ConditionType.COMPONENTS_READY)).get()
        .extracting(Condition::getStatus).isEqualTo("True");
    assertThat(condition(client, ns, "todo", ConditionType.PAUSED)).get()
        .extracting(Condition::getStatus).isEqualTo("False");
  }

  @Test
  void readyStaysFalseUntilTheDeploymentIsAvailable() {
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client, ns);
    create(ClusterFixtures.production(ns));
    await().atMost(RunningOperator.TIMEOUT).until(() -> client.apps().deployments().inNamespace(ns)
        .withName("backend").get() != null);
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(condition(client, ns, "todo", ConditionType.COMPONENTS_READY)).get()
            .extracting(Condition::getStatus).isEqualTo("True"));
    Condition ready = condition(client, ns, "todo", ConditionType.READY).orElseThrow(AssertionError::new);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(Reason.ROLLING_OUT.equals(ready.getReason()) ? Reason.ROLLING_OUT
        : Reason.PROGRESSING);
  }

  @Test
  void lastTransitionTimeChangesOnlyWhenTheStatusChanges() {
    String ns = readyPlatform();
    String readySince = condition(client, ns, "todo", ConditionType.READY).orElseThrow(AssertionError::new).getLastTransitionTime();
    String componentsSince =
        condition(client, ns, "todo", ConditionType.COMPONENTS_READY).orElseThrow(AssertionError::new).getLastTransitionTime();
    edit(ns, p -> p.getSpec().getBackend().setReplicas(3));
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> assertThat(
        platform(ns).getStatus().getObservedGeneration()).isEqualTo(platform(ns).getMetadata().getGeneration()));
    ClusterFixtures.markAppsAvailable(client, ns);
    awaitReady(ns);
    assertThat(condition(client, ns, "todo", ConditionType.COMPONENTS_READY).orElseThrow(AssertionError::new).getLastTransitionTime())
        .isEqualTo(componentsSince);
    assertThat(readySince).isNotNull();
  }

  @Test
  void metricsAndHealthEndpointsAnswer() throws Exception {
    String ns = readyPlatform();
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + operator.operationsPort();
    assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("todoplatform_resources{ready=\"True\"}")
        .contains("todoplatform_conditions{reason=\"Ready\",status=\"True\",type=\"Ready\"}")
        .as("a Ready platform has no not-ready series").doesNotContain("namespace=\"" + ns + "\"")
        .contains("operator_sdk_");
    // Per-resource labels only on the not-Ready gauge (other tests' platforms that are not Ready): the series count
    // grows with the problems, not with the TodoPlatforms.
    assertThat(metrics.body().lines().filter(line -> line.contains("=\"todo\"")))
        .allMatch(line -> line.startsWith("todoplatform_not_ready_seconds{"));
  }

  @Override
  protected KubernetesClient client() {
    return client;
  }

  @Override
  protected java.util.stream.Stream<io.fabric8.kubernetes.api.model.Secret> cachedSecrets() {
    return operator.reconciler().cachedSecrets();
  }

  @Override
  protected boolean appliesRemovedListItems() {
    return false;
  }

  @Override
  protected String namespacePrefix() {
    return "mock";
  }
}
