package io.todoplatform.operator.reconciler;

import static io.todoplatform.operator.support.ClusterFixtures.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.util.Map;
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
    assertThat(expected).hasSize(11);
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
        .containsExactly("kubernetes-secrets", "kafka-pubsub", "statestore", "scheduler");
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

  @Override
  protected KubernetesClient client() {
    return client;
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
