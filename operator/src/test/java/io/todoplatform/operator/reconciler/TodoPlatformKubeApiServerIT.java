package io.todoplatform.operator.reconciler;

import static io.todoplatform.operator.support.ClusterFixtures.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.render.RenderOptions;
import io.todoplatform.operator.render.TodoPlatformRenderer;
import io.todoplatform.operator.runtime.OperatorRuntime;
import io.todoplatform.operator.status.ConditionType;
import io.todoplatform.operator.status.Reason;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.PlatformQueries;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.RunningOperator;
import io.todoplatform.operator.testing.kube.KubeApiServerExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
class TodoPlatformKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  /** Garbage collection runs in kube-controller-manager, which discovers new CRDs on a 30 s resync. */
  private static final Duration GC_TIMEOUT = Duration.ofSeconds(90);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

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
  void aChangeToADaprResourceUpdatesItInPlaceAndRollsThePods() {
    String ns = readyPlatform();
    String hashBefore = podHash(ns);
    Map<String, String> uidsBefore = childUids(ns);

    edit(ns, p -> p.getSpec().getResiliency().setTimeout("9s"));

    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> assertThat(podHash(ns)).isNotEqualTo(hashBefore));
    GenericKubernetesResource resiliency = dapr(ns, "Resiliency", "backend-resiliency");
    assertThat(resiliency.<String>get("spec", "policies", "timeouts", "general")).isEqualTo("9s");
    assertThat(childUids(ns)).as("every child updated in place, none recreated").isEqualTo(uidsBefore);
    // The new pod template is a new Deployment generation the (absent) Deployment controller has not seen yet.
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      assertThat(condition(client, ns, "todo", ConditionType.READY)).get()
          .extracting(Condition::getStatus).isEqualTo("False");
      assertThat(condition(client, ns, "todo", ConditionType.BACKEND_AVAILABLE)).get()
          .extracting(Condition::getReason).isEqualTo(Reason.ROLLING_OUT);
    });
    markDeploymentAvailable(ns);
    awaitReady(ns);
  }

  @Test
  void aReplicasChangeScalesWithoutRestartingAnything() {
    String ns = readyPlatform();
    Deployment before = deployment(ns);
    PodTemplateSpec templateBefore = before.getSpec().getTemplate();

    edit(ns, p -> p.getSpec().getBackend().setReplicas(5));

    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(5));
    Deployment after = deployment(ns);
    assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
    assertThat(after.getSpec().getTemplate()).as("pod template untouched: no rollout").isEqualTo(templateBefore);
  }

  @Test
  void aChildEditedOrDeletedByHandIsPutBack() {
    String ns = readyPlatform();
    String deploymentUid = deployment(ns).getMetadata().getUid();

    client.apps().deployments().inNamespace(ns).withName("backend")
        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(9).endSpec().build());
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(2));
    assertThat(deployment(ns).getMetadata().getUid()).isEqualTo(deploymentUid);

    client.genericKubernetesResources(Constants.DAPR_API_VERSION, "Component").inNamespace(ns)
        .withName("kafka-pubsub").edit(c -> {
          Map<String, Object> spec = c.get("spec");
          spec.put("metadata", List.of(Map.of("name", "brokers", "value", "evil.example.com:9092")));
          return c;
        });
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(dapr(ns, "Component", "kafka-pubsub").toString())
            .contains("seed-0a1b2c.redpanda.cloud:9092").doesNotContain("evil.example.com"));

    client.services().inNamespace(ns).withName("backend").delete();
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(client.services().inNamespace(ns).withName("backend").get()).isNotNull());

    String componentUid = dapr(ns, "Component", "statestore").getMetadata().getUid();
    client.genericKubernetesResources(Constants.DAPR_API_VERSION, "Component").inNamespace(ns)
        .withName("statestore").delete();
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      GenericKubernetesResource recreated = dapr(ns, "Component", "statestore");
      assertThat(recreated).isNotNull();
      assertThat(recreated.getMetadata().getUid()).isNotEqualTo(componentUid);
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
  void aMissingSecretKeyBlocksEverythingUntilItAppears() {
    String ns = newNamespace();
    ClusterFixtures.secret(client, ns, "neon-db", Map.of("connectionString", "host=db"));
    ClusterFixtures.secret(client, ns, "todo-app-token", Map.of("token", "t"));
    ClusterFixtures.secret(client, ns, "kafka-secrets", Map.of("username", "todo"));
    create(ClusterFixtures.production(ns));

    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Condition ready = readyCondition(ns, "todo");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo(Reason.SECRET_NOT_FOUND);
      assertThat(ready.getMessage()).contains("kafka-secrets").contains("\"password\"");
    });
    assertThat(client.apps().deployments().inNamespace(ns).withName("backend").get())
        .as("no pods rolled out with a sidecar that would crash-loop").isNull();
    assertThat(components(ns)).isEmpty();
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(client.v1().events().inNamespace(ns).list().getItems())
            .anyMatch(e -> "Warning".equals(e.getType()) && Reason.SECRET_NOT_FOUND.equals(e.getReason())));

    // The Secret gains the key: the Secret watch (not polling) resumes the platform.
    client.secrets().inNamespace(ns).withName("kafka-secrets")
        .edit(s -> {
          s.setStringData(Map.of("password", "pw"));
          return s;
        });
    awaitDeployment(ns);
    markDeploymentAvailable(ns);
    awaitReady(ns);
    assertThat(components(ns)).hasSize(4);
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
    String foreignVersion = client.apps().deployments().inNamespace(ns).resource(foreign).create()
        .getMetadata().getResourceVersion();

    create(ClusterFixtures.production(ns));

    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Condition ready = readyCondition(ns, "todo");
      assertThat(ready.getReason()).isEqualTo(Reason.NAME_CONFLICT);
      assertThat(ready.getMessage()).contains("Deployment \"backend\" already exists");
    });
    Deployment after = deployment(ns);
    assertThat(after.getMetadata().getResourceVersion()).as("not written at all").isEqualTo(foreignVersion);
    assertThat(after.getSpec().getReplicas()).isEqualTo(3);
    assertThat(after.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(after.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager)
        .doesNotContain(fieldManager);
    assertThat(components(ns)).as("nothing half-deployed").isEmpty();
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

  @Test
  void anInvalidSpecThatPassesTheSchemaIsReportedWithItsFieldPath() {
    // The CRD schema stops most invalid specs (CrdKubeApiServerIT); these two it cannot express: an env var the
    // operator owns, and a quantity (the schema's int-or-string accepts any string).
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client, ns);
    TodoPlatform platform = ClusterFixtures.production(ns);
    platform.getSpec().getBackend().setEnv(List.of(new EnvVar("TODO_PUBSUB_NAME", "other", null)));
    ResourceRequirements resources = platform.getSpec().getBackend().getResources();
    Map<String, Quantity> limits = new HashMap<>(resources.getLimits());
    limits.put("cpu", new Quantity("lots"));
    resources.setLimits(limits);
    create(platform);

    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Condition ready = readyCondition(ns, "todo");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo(Reason.INVALID_SPEC);
      assertThat(ready.getMessage()).contains("spec.backend.env[0].name").contains("TODO_PUBSUB_NAME")
          .contains("spec.backend.resources.limits.cpu");
    });
    assertThat(client.serviceAccounts().inNamespace(ns).withName("backend").get()).isNull();
    assertThat(client.apps().deployments().inNamespace(ns).withName("backend").get()).isNull();
  }

  @Test
  void pauseStopsChangesToChildrenAndResumingAppliesThem() {
    String ns = readyPlatform();
    client.resources(TodoPlatform.class).inNamespace(ns).withName("todo")
        .edit(p -> {
          p.getMetadata().getAnnotations().put(Constants.ANNOTATION_PAUSED, "true");
          return p;
        });
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(condition(client, ns, "todo", ConditionType.PAUSED)).get()
            .extracting(Condition::getStatus).isEqualTo("True"));

    edit(ns, p -> p.getSpec().getBackend().setReplicas(4));
    client.services().inNamespace(ns).withName("backend").delete();
    // A negative: hold it for a few seconds, long enough for the watch events to have been handled.
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
      assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(2);
      assertThat(client.services().inNamespace(ns).withName("backend").get()).isNull();
    });

    client.resources(TodoPlatform.class).inNamespace(ns).withName("todo")
        .edit(p -> {
          p.getMetadata().getAnnotations().remove(Constants.ANNOTATION_PAUSED);
          return p;
        });
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(4);
      assertThat(client.services().inNamespace(ns).withName("backend").get()).isNotNull();
      assertThat(condition(client, ns, "todo", ConditionType.PAUSED)).get()
          .extracting(Condition::getStatus).isEqualTo("False");
    });
  }

  // --- helpers

  private static String readyPlatform() {
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client, ns);
    create(ClusterFixtures.production(ns));
    awaitDeployment(ns);
    markDeploymentAvailable(ns);
    awaitReady(ns);
    return ns;
  }

  /**
   * Stands in for the Deployment controller and kubelets, which this control plane does not run. The operator may
   * write the Deployment at the same moment (409 Conflict on our status update): try again with a fresh copy.
   */
  private static void markDeploymentAvailable(String ns) {
    await().atMost(RunningOperator.TIMEOUT).ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .untilAsserted(() -> ClusterFixtures.markDeploymentAvailable(client, ns, "backend"));
  }

  private static void awaitDeployment(String ns) {
    await().atMost(RunningOperator.TIMEOUT).until(() -> deployment(ns) != null);
  }

  private static void awaitReady(String ns) {
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(condition(client, ns, "todo", ConditionType.READY)).get()
            .extracting(Condition::getStatus).isEqualTo("True"));
  }

  private static String newNamespace() {
    String ns = "kube-" + NAMESPACES.incrementAndGet();
    ClusterFixtures.namespace(client, ns);
    return ns;
  }

  private static void create(TodoPlatform platform) {
    PlatformQueries.create(client, platform);
  }

  private static void edit(String ns, java.util.function.Consumer<TodoPlatform> change) {
    PlatformQueries.edit(client, ns, change);
  }

  /** What `render` prints for the production sample in this namespace: the children the operator must apply. */
  private static List<HasMetadata> expectedChildren(String ns) {
    return TodoPlatformRenderer.render(ClusterFixtures.production(ns), RenderOptions.kubernetes()).inApplyOrder();
  }

  private static GenericKubernetesResource child(String ns, HasMetadata wanted) {
    return client.genericKubernetesResources(wanted.getApiVersion(), wanted.getKind()).inNamespace(ns)
        .withName(wanted.getMetadata().getName()).get();
  }

  private static Map<String, String> childUids(String ns) {
    Map<String, String> uids = new HashMap<>();
    for (HasMetadata wanted : expectedChildren(ns)) {
      uids.put(wanted.getKind() + "/" + wanted.getMetadata().getName(), child(ns, wanted).getMetadata().getUid());
    }
    return uids;
  }

  private static Map<String, String> childResourceVersions(String ns) {
    Map<String, String> versions = new HashMap<>();
    for (HasMetadata wanted : expectedChildren(ns)) {
      versions.put(wanted.getKind() + "/" + wanted.getMetadata().getName(),
          child(ns, wanted).getMetadata().getResourceVersion());
    }
    return versions;
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

  /** The Ready condition, as an assertion (so that awaitility keeps polling while the operator has not written it). */
  private static Condition readyCondition(String ns, String name) {
    Optional<Condition> ready = condition(client, ns, name, ConditionType.READY);
    assertThat(ready).as("Ready condition of " + ns + "/" + name).isPresent();
    return ready.get();
  }
}
