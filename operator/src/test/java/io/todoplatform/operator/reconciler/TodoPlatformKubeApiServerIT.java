package io.todoplatform.operator.reconciler;

import static io.todoplatform.operator.support.ClusterFixtures.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.Configuration;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.runtime.OperatorRuntime;
import io.todoplatform.operator.status.ConditionType;
import io.todoplatform.operator.status.Reason;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.RunningOperator;
import io.todoplatform.testkit.kube.KubeApiServerExtension;
import java.time.Duration;
import java.util.List;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator scenarios of TodoPlatformMockServerIT on a real kube-apiserver (+ kube-controller-manager for
 * garbage collection) with server-side apply ON, the production path: real SSA field ownership, CRD defaulting and
 * validation, the status subresource and owner-reference garbage collection.
 *
 * <p>No kubelet and no Deployment controller run on this control plane, so no pod ever starts and nobody writes
 * the Deployment's status: the tests mark the backend Deployment available themselves, as the Deployment controller
 * would once the pods are ready.
 *
 * <p>One API server and one operator serve the whole class; each test works in its own namespace.
 */
class TodoPlatformKubeApiServerIT extends TodoPlatformScenarios {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  /** Garbage collection runs in kube-controller-manager, which discovers new CRDs on a 30 s resync. */
  private static final Duration GC_TIMEOUT = Duration.ofSeconds(90);

  static KubernetesClient client;
  static OperatorRuntime operator;
  static String fieldManager;

  @BeforeAll
  static void startOperator() {
    client = KUBE.client();
    EstablishedCrds.installTodoPlatformCrd(client);
    EstablishedCrds.installDaprCrds(client);
    operator = RunningOperator.start(client, RunningOperator.settings(true));
    fieldManager = operator.operator().getRegisteredController(TodoPlatformReconciler.NAME).orElseThrow()
        .getConfiguration().fieldManager();
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void createAppliesEveryChildWithServerSideApplyAndAnOwnerReferenceAndGoesReadyOnlyOnceTheBackendIsAvailable() {
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client, ns);
    create(ClusterFixtures.production(ns));
    awaitDeployment(ns);

    // Everything applied, but the Deployment has no available replica yet: not Ready.
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(condition(client, ns, "todo", ConditionType.COMPONENTS_READY)).get()
            .extracting(Condition::getStatus).isEqualTo("True"));
    Condition notYet = readyCondition(ns, "todo");
    assertThat(notYet.getStatus()).isEqualTo("False");
    assertThat(notYet.getReason()).isIn(Reason.ROLLING_OUT, Reason.PROGRESSING);

    markDeploymentAvailable(ns);
    awaitReady(ns);

    TodoPlatform platform = platform(ns);
    List<HasMetadata> expected = expectedChildren(ns);
    // The backend's 12 and chat-api's 7 (identity, model Component, Configuration, Service, Deployment).
    assertThat(expected).hasSize(19);
    for (HasMetadata wanted : expected) {
      GenericKubernetesResource child = child(ns, wanted);
      String what = wanted.getKind() + "/" + wanted.getMetadata().getName();
      assertThat(child).as(what).isNotNull();
      assertThat(child.getMetadata().getOwnerReferences()).as(what + " owner references").singleElement()
          .satisfies(owner -> {
            assertThat(owner.getUid()).isEqualTo(platform.getMetadata().getUid());
            assertThat(owner.getKind()).isEqualTo("TodoPlatform");
            assertThat(owner.getApiVersion()).isEqualTo(TodoPlatform.GROUP + "/" + TodoPlatform.VERSION);
          });
      // Production applies with server-side apply: the API server records the operator as the Apply manager.
      assertThat(child.getMetadata().getManagedFields()).as(what + " managedFields")
          .anySatisfy(entry -> {
            assertThat(entry.getManager()).isEqualTo(fieldManager);
            assertThat(entry.getOperation()).isEqualTo("Apply");
            assertThat(entry.getSubresource()).isNullOrEmpty();
          });
    }
    assertThat(platform.getMetadata().getFinalizers()).as("no finalizer that could get stuck").isNullOrEmpty();
    assertThat(platform.getStatus().getObservedGeneration()).isEqualTo(platform.getMetadata().getGeneration());
    assertThat(platform.getStatus().getAppId()).isEqualTo("backend");
    assertThat(platform.getStatus().getComponents())
        .containsExactly("kubernetes-secrets", "kafka-pubsub", "statestore", "scheduler", "chat-api-model");
    assertThat(platform.getStatus().getBackend().getReadyReplicas()).isEqualTo(2);
    assertThat(platform.getStatus().getBackend().getUpdatedReplicas()).isEqualTo(2);
    assertThat(condition(client, ns, "todo", ConditionType.BACKEND_AVAILABLE)).get()
        .extracting(Condition::getStatus).isEqualTo("True");
    assertThat(condition(client, ns, "todo", ConditionType.PAUSED)).get()
        .extracting(Condition::getStatus).isEqualTo("False");
    // The status went through the status subresource, applied by the same field manager.
    assertThat(platform.getMetadata().getManagedFields())
        .anySatisfy(entry -> {
          assertThat(entry.getManager()).isEqualTo(fieldManager);
          assertThat(entry.getSubresource()).isEqualTo("status");
        });
  }

  @Test
  void deletingThePlatformDeletesEveryChildThroughKubernetesGarbageCollection() {
    String ns = readyPlatform();
    List<HasMetadata> expected = expectedChildren(ns);
    assertThat(expected).allSatisfy(wanted -> assertThat(child(ns, wanted)).isNotNull());

    client.resources(TodoPlatform.class).inNamespace(ns).withName("todo").delete();

    // No finalizer: the TodoPlatform is gone at once; the children go through kube-controller-manager's GC.
    await().atMost(RunningOperator.TIMEOUT).until(() -> platform(ns) == null);
    await("children garbage-collected").atMost(GC_TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(expected).allSatisfy(wanted -> assertThat(child(ns, wanted))
            .as(wanted.getKind() + "/" + wanted.getMetadata().getName()).isNull()));
  }

  @Test
  void aSecondPlatformWithTheSameNamesDoesNotTakeOverTheFirstOnesChildren() {
    // Server-side apply with force would silently take over objects of the same name: the operator must not.
    String ns = readyPlatform();
    TodoPlatform first = platform(ns);
    Map<String, String> versionsBefore = childResourceVersions(ns);
    TodoPlatform second = ClusterFixtures.production(ns);
    second.getMetadata().setName("todo-2");
    create(second);

    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Condition ready = readyCondition(ns, "todo-2");
      assertThat(ready.getReason()).isEqualTo(Reason.NAME_CONFLICT);
      assertThat(ready.getMessage()).contains("owned by TodoPlatform \"todo\"");
    });
    assertThat(childResourceVersions(ns)).as("the first platform's children not written").isEqualTo(versionsBefore);
    for (HasMetadata wanted : expectedChildren(ns)) {
      assertThat(child(ns, wanted).getMetadata().getOwnerReferences()).singleElement()
          .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(first.getMetadata().getUid()));
    }
    assertThat(condition(client, ns, "todo", ConditionType.READY)).get()
        .extracting(Condition::getStatus).isEqualTo("True");
  }

  // --- issue 14, on the production path only (CEL, server-side apply field ownership, API-server defaulting)

  @Test
  void aChildTheOperatorCannotApplyIsReportedAsApplyFailedEvenWhenTheServerSays409() {
    String ns = readyPlatform();
    // The Service loses the label the operator's informer selects by: the operator no longer sees it, tries to create
    // it and the API server answers 409 Conflict. That is a child that cannot be applied, not "the CR changed".
    client.services().inNamespace(ns).withName("backend").edit(service -> {
      service.getMetadata().getLabels().remove(Constants.LABEL_MANAGED_BY);
      return service;
    });
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Condition components = condition(client, ns, "todo", ConditionType.COMPONENTS_READY)
          .orElseThrow(AssertionError::new);
      assertThat(components.getStatus()).isEqualTo("False");
      assertThat(components.getReason()).isEqualTo(Reason.APPLY_FAILED);
      assertThat(components.getMessage()).contains("service");
      assertThat(readyCondition(ns, "todo").getReason()).isEqualTo(Reason.APPLY_FAILED);
    });
  }

  @Test
  void replicasLeftOutAreLeftToAnAutoscalerAndTheOperatorNeverResetsThem() {
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client, ns);
    TodoPlatform platform = ClusterFixtures.production(ns);
    platform.getSpec().getBackend().setReplicas(null);
    create(platform);
    awaitDeployment(ns);
    assertThat(deployment(ns).getSpec().getReplicas()).as("the API server's default").isEqualTo(1);

    // An autoscaler scales the Deployment through its scale subresource, as the HPA controller does.
    client.apps().deployments().inNamespace(ns).withName("backend").scale(4);
    edit(ns, p -> p.getSpec().getResiliency().setTimeout("8s"));
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> assertThat(
        dapr(ns, io.todoplatform.operator.dapr.v1alpha1.Resiliency.class, "backend-resiliency").getSpec()
            .getPolicies().getTimeouts()).containsEntry("general", "8s"));
    Deployment after = deployment(ns);
    assertThat(after.getSpec().getReplicas()).as("the autoscaler's replicas survive a reconciliation")
        .isEqualTo(4);
    assertThat(after.getMetadata().getManagedFields())
        .filteredOn(entry -> fieldManager.equals(entry.getManager()))
        .allSatisfy(entry -> assertThat(String.valueOf(entry.getFieldsV1().getAdditionalProperties()))
            .as("the operator does not own spec.replicas").doesNotContain("f:replicas"));
  }

  @Test
  void theScaleSubresourceLetsAnAutoscalerScaleTheTodoPlatform() throws Exception {
    String ns = readyPlatform();
    String scalePath = "apis/" + TodoPlatform.GROUP + "/" + TodoPlatform.VERSION + "/namespaces/" + ns
        + "/todoplatforms/todo/scale";
    JsonNode scale = http("GET", scalePath, null);
    assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(scale.path("status").path("replicas").asInt()).isEqualTo(2);
    assertThat(scale.path("status").path("selector").asText())
        .isEqualTo("app.kubernetes.io/name=todo-backend,app.kubernetes.io/instance=todo,"
            + "app.kubernetes.io/component=backend");

    http("PATCH", scalePath, "{\"spec\":{\"replicas\":5}}");
    assertThat(platform(ns).getSpec().getBackend().getReplicas()).isEqualTo(5);
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(5));
  }

  @Test
  void switchingMetricsOffSurvivesTheApiServersDefaultingOfTheConfiguration() {
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client, ns);
    TodoPlatform platform = ClusterFixtures.production(ns);
    platform.getSpec().getDapr().setEnableMetrics(false);
    create(platform);
    await().atMost(RunningOperator.TIMEOUT).until(() -> dapr(ns, Configuration.class, "backend-config") != null);
    var stored = dapr(ns, Configuration.class, "backend-config").getSpec();
    // Dapr applies spec.metrics over spec.metric (config.sortMetricsSpec); the CRD defaults both to enabled.
    Boolean effective = stored.getMetrics() != null && stored.getMetrics().getEnabled() != null
        ? stored.getMetrics().getEnabled() : stored.getMetric().getEnabled();
    assertThat(effective).as("what the sidecar will use, after the API server filled in its defaults").isFalse();
  }

  @Test
  void withSaslAndNoTlsInTheSpecTheBrokerIsReachedOverTls() {
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client, ns);
    TodoPlatform platform = ClusterFixtures.production(ns);
    platform.getSpec().getPubsub().setTls(null);
    create(platform);
    await().atMost(RunningOperator.TIMEOUT).until(() -> dapr(ns, Component.class, "kafka-pubsub") != null);
    assertThat(platform(ns).getSpec().getPubsub().getTls().getEnabled())
        .as("the CRD no longer defaults it to false").isNull();
    assertThat(dapr(ns, Component.class, "kafka-pubsub").getSpec().getMetadata())
        .filteredOn(m -> m.getName().equals("disableTls")).singleElement()
        .satisfies(m -> assertThat(m.getValue().getValue()).isEqualTo("false"));
  }

  @Test
  void theAppliedChildrenBoundEveryRetryDeadLetterPoisonEventsAndShutDownInOrder() {
    String ns = readyPlatform();
    assertThat(dapr(ns, Component.class, "kafka-pubsub").getSpec().getMetadata())
        .filteredOn(m -> m.getName().equals("backOffMaxRetries")).singleElement()
        .satisfies(m -> assertThat(m.getValue().getValue()).isEqualTo("10"));
    var resiliency = dapr(ns, io.todoplatform.operator.dapr.v1alpha1.Resiliency.class, "backend-resiliency")
        .getSpec();
    assertThat(resiliency.getTargets().getApps().get("backend").getRetry())
        .as("no retries of service invocation into the backend").isNull();
    assertThat(resiliency.getTargets().getComponents().get("kafka-pubsub").getInbound().getTimeout())
        .isEqualTo("delivery");
    assertThat(resiliency.getPolicies().getTimeouts()).containsEntry("delivery", "60s");
    assertThat(resiliency.getPolicies().getRetries().get("delivery").getMaxRetries()).isEqualTo(3L);

    var pod = deployment(ns).getSpec().getTemplate();
    assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(45L);
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("dapr.io/block-shutdown-duration", "35s");
    var container = pod.getSpec().getContainers().get(0);
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("TOPIC_DEAD_LETTERS")).singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("task-deadletters"));
  }

  private static JsonNode http(String method, String path, String mergePatch) throws Exception {
    HttpClient http = client.getHttpClient();
    HttpRequest.Builder request = http.newHttpRequestBuilder()
        .url(new URL(new URL(client.getMasterUrl().toString()), path));
    if (mergePatch != null) {
      request.method(method, "application/merge-patch+json", mergePatch);
    }
    HttpResponse<String> response = http.sendAsync(request.build(), String.class).get(30, TimeUnit.SECONDS);
    assertThat(response.code()).as(response.body()).isEqualTo(200);
    return new KubernetesSerialization().unmarshal(response.body(), JsonNode.class);
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
  protected String namespacePrefix() {
    return "kube";
  }

  @Override
  protected void assertNotWrittenByTheOperator(Deployment foreign) {
    assertThat(foreign.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager)
        .doesNotContain(fieldManager);
  }
}
