package io.todoplatform.operator.reconciler;

import static io.todoplatform.operator.support.ClusterFixtures.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.runtime.OperatorRuntime;
import io.todoplatform.operator.status.ConditionType;
import io.todoplatform.operator.status.Reason;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.PlatformQueries;
import io.todoplatform.operator.support.RunningOperator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
class TodoPlatformMockServerIT {
  static KubernetesClient client;
  static OperatorRuntime operator;
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  @BeforeAll
  static void startOperator() {
    ClusterFixtures.installTodoPlatformCrd(client);
    ClusterFixtures.installDaprCrds(client);
    operator = RunningOperator.start(client, RunningOperator.settings(false));
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
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
        .containsExactlyInAnyOrder("kubernetes-secrets", "kafka-pubsub", "statestore", "scheduler");
    assertThat(dapr(ns, "Resiliency", "backend-resiliency")).isNotNull();
    assertThat(dapr(ns, "Configuration", "backend-config")).isNotNull();
    TodoPlatform platform = platform(ns);
    for (HasMetadata child : List.<HasMetadata>of(deployment(ns), dapr(ns, "Component", "kafka-pubsub"),
        client.serviceAccounts().inNamespace(ns).withName("backend").get())) {
      OwnerReference owner = child.getMetadata().getOwnerReferences().get(0);
      assertThat(owner.getUid()).isEqualTo(platform.getMetadata().getUid());
      assertThat(owner.getKind()).isEqualTo("TodoPlatform");
    }
    assertThat(platform.getMetadata().getFinalizers()).as("no finalizer that could get stuck").isNullOrEmpty();
    assertThat(platform.getStatus().getObservedGeneration()).isEqualTo(platform.getMetadata().getGeneration());
    assertThat(platform.getStatus().getAppId()).isEqualTo("backend");
    assertThat(platform.getStatus().getComponents())
        .containsExactly("kubernetes-secrets", "kafka-pubsub", "statestore", "scheduler");
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
  void aChangeToADaprResourceUpdatesItInPlaceAndRollsThePods() {
    String ns = readyPlatform();
    String hashBefore = podHash(ns);
    String uidBefore = dapr(ns, "Resiliency", "backend-resiliency").getMetadata().getUid();
    edit(ns, p -> p.getSpec().getResiliency().setTimeout("9s"));
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> assertThat(podHash(ns)).isNotEqualTo(hashBefore));
    GenericKubernetesResource resiliency = dapr(ns, "Resiliency", "backend-resiliency");
    assertThat(resiliency.getMetadata().getUid()).as("updated in place, not recreated").isEqualTo(uidBefore);
    assertThat(resiliency.toString()).contains("general=9s");
  }

  @Test
  void aReplicasChangeScalesWithoutRestartingAnything() {
    String ns = readyPlatform();
    Map<String, String> templateBefore = deployment(ns).getSpec().getTemplate().getMetadata().getAnnotations();
    edit(ns, p -> p.getSpec().getBackend().setReplicas(5));
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(5));
    assertThat(deployment(ns).getSpec().getTemplate().getMetadata().getAnnotations()).isEqualTo(templateBefore);
  }

  @Test
  void aChildEditedOrDeletedByHandIsPutBack() {
    String ns = readyPlatform();
    client.apps().deployments().inNamespace(ns).withName("backend")
        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(9).endSpec().build());
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(2));
    client.services().inNamespace(ns).withName("backend").delete();
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(client.services().inNamespace(ns).withName("backend").get()).isNotNull());
    client.genericKubernetesResources(Constants.DAPR_API_VERSION, "Component").inNamespace(ns)
        .withName("kafka-pubsub").delete();
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(dapr(ns, "Component", "kafka-pubsub")).isNotNull());
  }

  @Test
  void aMissingSecretBlocksEverythingUntilItAppears() {
    String ns = newNamespace();
    ClusterFixtures.secret(client, ns, "neon-db", Map.of("connectionString", "host=db"));
    ClusterFixtures.secret(client, ns, "todo-app-token", Map.of("token", "t"));
    ClusterFixtures.secret(client, ns, "kafka-secrets", Map.of("username", "todo"));
    create(ClusterFixtures.production(ns));
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Condition ready = condition(client, ns, "todo", ConditionType.READY).orElseThrow(AssertionError::new);
      assertThat(ready.getReason()).isEqualTo(Reason.SECRET_NOT_FOUND);
      assertThat(ready.getMessage()).contains("kafka-secrets").contains("\"password\"");
    });
    assertThat(client.apps().deployments().inNamespace(ns).withName("backend").get())
        .as("no pods rolled out with a sidecar that would crash-loop").isNull();
    assertThat(components(ns)).isEmpty();
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anyMatch(e -> "Warning".equals(e.getType()) && Reason.SECRET_NOT_FOUND.equals(e.getReason()));

    client.secrets().inNamespace(ns).withName("kafka-secrets").delete();
    ClusterFixtures.secret(client, ns, "kafka-secrets", Map.of("username", "todo", "password", "pw"));
    await().atMost(RunningOperator.TIMEOUT).until(() -> client.apps().deployments().inNamespace(ns)
        .withName("backend").get() != null);
    ClusterFixtures.markDeploymentAvailable(client, ns, "backend");
    awaitReady(ns);
  }

  @Test
  void aNameTakenByAnotherOwnerIsAConflictAndTheOtherObjectIsLeftAlone() {
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client, ns);
    Deployment foreign = new DeploymentBuilder()
        .withNewMetadata().withName("backend").withNamespace(ns).addToLabels("owner", "someone-else").endMetadata()
        .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "other").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "other").endMetadata()
        .withNewSpec().addNewContainer().withName("other").withImage("other:1").endContainer().endSpec()
        .endTemplate().endSpec().build();
    client.apps().deployments().inNamespace(ns).resource(foreign).create();
    create(ClusterFixtures.production(ns));
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Condition ready = condition(client, ns, "todo", ConditionType.READY).orElseThrow(AssertionError::new);
      assertThat(ready.getReason()).isEqualTo(Reason.NAME_CONFLICT);
      assertThat(ready.getMessage()).contains("Deployment \"backend\" already exists");
    });
    Deployment after = deployment(ns);
    assertThat(after.getSpec().getReplicas()).isEqualTo(3);
    assertThat(after.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("other:1");
  }

  @Test
  void anInvalidSpecThatSlippedPastTheSchemaIsReportedWithItsFieldPath() {
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client, ns);
    TodoPlatform platform = ClusterFixtures.production(ns);
    platform.getSpec().getPubsub().setBrokers(List.of());
    platform.getSpec().getBackend().setAppId("Not_A_Label");
    create(platform);
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Condition ready = condition(client, ns, "todo", ConditionType.READY).orElseThrow(AssertionError::new);
      assertThat(ready.getReason()).isEqualTo(Reason.INVALID_SPEC);
      assertThat(ready.getMessage()).contains("spec.pubsub.brokers: must have at least 1 item")
          .contains("spec.backend.appId");
    });
    assertThat(client.serviceAccounts().inNamespace(ns).list().getItems())
        .noneMatch(sa -> "Not_A_Label".equals(sa.getMetadata().getName()));
  }

  @Test
  void pauseStopsChangesToChildrenAndResumingAppliesThem() {
    String ns = readyPlatform();
    client.resources(TodoPlatform.class).inNamespace(ns).withName("todo")
        .edit(p -> { p.getMetadata().getAnnotations().put(Constants.ANNOTATION_PAUSED, "true"); return p; });
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(condition(client, ns, "todo", ConditionType.PAUSED)).get()
            .extracting(Condition::getStatus).isEqualTo("True"));
    edit(ns, p -> p.getSpec().getBackend().setReplicas(4));
    client.services().inNamespace(ns).withName("backend").delete();
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(2);
      assertThat(client.services().inNamespace(ns).withName("backend").get()).isNull();
    });
    client.resources(TodoPlatform.class).inNamespace(ns).withName("todo")
        .edit(p -> { p.getMetadata().getAnnotations().remove(Constants.ANNOTATION_PAUSED); return p; });
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(4);
      assertThat(client.services().inNamespace(ns).withName("backend").get()).isNotNull();
      assertThat(condition(client, ns, "todo", ConditionType.PAUSED)).get()
          .extracting(Condition::getStatus).isEqualTo("False");
    });
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
    ClusterFixtures.markDeploymentAvailable(client, ns, "backend");
    awaitReady(ns);
    assertThat(condition(client, ns, "todo", ConditionType.COMPONENTS_READY).orElseThrow(AssertionError::new).getLastTransitionTime())
        .isEqualTo(componentsSince);
    assertThat(readySince).isNotNull();
  }

  @Test
  void metricsAndHealthEndpointsAnswer() throws Exception {
    readyPlatform();
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
        .contains("operator_sdk_")
        .as("no per-resource labels: no label carries the TodoPlatform's name").doesNotContain("=\"todo\"");
  }

  // --- helpers

  private String readyPlatform() {
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client, ns);
    create(ClusterFixtures.production(ns));
    await().atMost(RunningOperator.TIMEOUT).until(() -> client.apps().deployments().inNamespace(ns)
        .withName("backend").get() != null);
    ClusterFixtures.markDeploymentAvailable(client, ns, "backend");
    awaitReady(ns);
    return ns;
  }

  private static void awaitReady(String ns) {
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(condition(client, ns, "todo", ConditionType.READY)).get()
            .extracting(Condition::getStatus).isEqualTo("True"));
  }

  private static String newNamespace() {
    String ns = "mock-" + NAMESPACES.incrementAndGet();
    ClusterFixtures.namespace(client, ns);
    return ns;
  }

  private static void create(TodoPlatform platform) {
    PlatformQueries.create(client, platform);
  }

  private static void edit(String ns, java.util.function.Consumer<TodoPlatform> change) {
    PlatformQueries.edit(client, ns, change);
  }

  private static TodoPlatform platform(String ns) {
    return PlatformQueries.platform(client, ns);
  }

  private static Deployment deployment(String ns) {
    return PlatformQueries.deployment(client, ns);
  }

  private static String podHash(String ns) {
    return PlatformQueries.podHash(client, ns);
  }

  private static List<GenericKubernetesResource> components(String ns) {
    return PlatformQueries.components(client, ns);
  }

  private static GenericKubernetesResource dapr(String ns, String kind, String name) {
    return PlatformQueries.dapr(client, ns, kind, name);
  }
}
