package io.todoplatform.operator.reconciler;

import static io.todoplatform.operator.support.ClusterFixtures.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.Resiliency;
import io.todoplatform.operator.dapr.v1alpha1.componentspec.Metadata;
import io.todoplatform.operator.render.RenderOptions;
import io.todoplatform.operator.render.TodoPlatformRenderer;
import io.todoplatform.operator.status.ConditionType;
import io.todoplatform.operator.status.Reason;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.PlatformQueries;
import io.todoplatform.operator.support.RunningOperator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The operator scenarios every test cluster runs: fabric8's mock API server (server-side apply off, it has none)
 * and a real kube-apiserver (server-side apply on). No kubelet or Deployment controller runs on either, so the
 * tests mark the backend Deployment available themselves, as the Deployment controller would once the pods are
 * ready. Each test works in a namespace of its own.
 */
abstract class TodoPlatformScenarios {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /** The admin client of the cluster the subclass started, with the operator running against it. */
  protected abstract KubernetesClient client();

  protected abstract String namespacePrefix();

  /** A real API server records field managers: the conflicting object must carry none of the operator's. */
  protected void assertNotWrittenByTheOperator(Deployment foreign) {
  }

  @Test
  void aChangeToADaprResourceUpdatesItInPlaceAndRollsThePods() {
    String ns = readyPlatform();
    String hashBefore = podHash(ns);
    Map<String, String> uidsBefore = childUids(ns);

    edit(ns, p -> p.getSpec().getResiliency().setTimeout("9s"));

    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> assertThat(podHash(ns)).isNotEqualTo(hashBefore));
    Resiliency resiliency = dapr(ns, Resiliency.class, "backend-resiliency");
    assertThat(resiliency.getSpec().getPolicies().getTimeouts()).containsEntry("general", "9s");
    assertThat(childUids(ns)).as("every child updated in place, none recreated").isEqualTo(uidsBefore);
    // The new pod template is a new Deployment generation the (absent) Deployment controller has not seen yet.
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      assertThat(condition(client(), ns, "todo", ConditionType.READY)).get()
          .extracting(Condition::getStatus).isEqualTo("False");
      assertThat(condition(client(), ns, "todo", ConditionType.BACKEND_AVAILABLE)).get()
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

    client().apps().deployments().inNamespace(ns).withName("backend")
        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(9).endSpec().build());
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(2));
    assertThat(deployment(ns).getMetadata().getUid()).isEqualTo(deploymentUid);

    client().resources(Component.class).inNamespace(ns).withName("kafka-pubsub").edit(c -> {
      Metadata brokers = new Metadata();
      brokers.setName("brokers");
      brokers.setValue(new AnyType("evil.example.com:9092"));
      c.getSpec().setMetadata(List.of(brokers));
      return c;
    });
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(dapr(ns, Component.class, "kafka-pubsub").getSpec().getMetadata())
            .extracting(Metadata::getName).contains("brokers", "authType", "saslPassword")
            .hasSize(expectedComponent(ns, "kafka-pubsub").getSpec().getMetadata().size()));
    assertThat(dapr(ns, Component.class, "kafka-pubsub").getSpec().getMetadata())
        .filteredOn(m -> m.getName().equals("brokers")).singleElement()
        .satisfies(m -> assertThat(m.getValue().getValue()).isEqualTo("seed-0a1b2c.redpanda.cloud:9092"));

    client().services().inNamespace(ns).withName("backend").delete();
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(client().services().inNamespace(ns).withName("backend").get()).isNotNull());

    String componentUid = dapr(ns, Component.class, "statestore").getMetadata().getUid();
    client().resources(Component.class).inNamespace(ns).withName("statestore").delete();
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Component recreated = dapr(ns, Component.class, "statestore");
      assertThat(recreated).isNotNull();
      assertThat(recreated.getMetadata().getUid()).isNotEqualTo(componentUid);
    });
  }


  @Test
  void aMissingSecretKeyBlocksEverythingUntilItAppears() {
    String ns = newNamespace();
    ClusterFixtures.secret(client(), ns, "neon-db", Map.of("connectionString", "host=db"));
    ClusterFixtures.secret(client(), ns, "todo-app-token", Map.of("token", "t"));
    ClusterFixtures.secret(client(), ns, "kafka-secrets", Map.of("username", "todo"));
    create(ClusterFixtures.production(ns));

    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Condition ready = readyCondition(ns, "todo");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo(Reason.SECRET_NOT_FOUND);
      assertThat(ready.getMessage()).contains("kafka-secrets").contains("\"password\"");
    });
    assertThat(client().apps().deployments().inNamespace(ns).withName("backend").get())
        .as("no pods rolled out with a sidecar that would crash-loop").isNull();
    assertThat(components(ns)).isEmpty();
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(client().v1().events().inNamespace(ns).list().getItems())
            .anyMatch(e -> "Warning".equals(e.getType()) && Reason.SECRET_NOT_FOUND.equals(e.getReason())));

    // The Secret gains the key: the Secret watch (not polling) resumes the platform.
    client().secrets().inNamespace(ns).withName("kafka-secrets")
        .edit(s -> {
          // Through data (base64), which every server keeps as given; the mock server does not fold stringData in.
          Map<String, String> data = new HashMap<>(s.getData() == null ? Map.of() : s.getData());
          data.put("password", java.util.Base64.getEncoder().encodeToString("pw".getBytes()));
          s.setData(data);
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
    ClusterFixtures.productionSecrets(client(), ns);
    Deployment foreign = new DeploymentBuilder()
        .withNewMetadata().withName("backend").withNamespace(ns).addToLabels("owner", "someone-else").endMetadata()
        .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "other").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "other").endMetadata()
        .withNewSpec().addNewContainer().withName("other").withImage("other:1").endContainer().endSpec()
        .endTemplate().endSpec().build();
    String foreignVersion = client().apps().deployments().inNamespace(ns).resource(foreign).create()
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
    assertNotWrittenByTheOperator(after);
    assertThat(components(ns)).as("nothing half-deployed").isEmpty();
  }


  @Test
  void anInvalidSpecThatPassesTheSchemaIsReportedWithItsFieldPath() {
    // The CRD schema stops most invalid specs (CrdKubeApiServerIT); these two it cannot express: an env var the
    // operator owns, and a quantity (the schema's int-or-string accepts any string).
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client(), ns);
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
    assertThat(client().serviceAccounts().inNamespace(ns).withName("backend").get()).isNull();
    assertThat(client().apps().deployments().inNamespace(ns).withName("backend").get()).isNull();
  }


  @Test
  void pauseStopsChangesToChildrenAndResumingAppliesThem() {
    String ns = readyPlatform();
    client().resources(TodoPlatform.class).inNamespace(ns).withName("todo")
        .edit(p -> {
          p.getMetadata().getAnnotations().put(Constants.ANNOTATION_PAUSED, "true");
          return p;
        });
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(condition(client(), ns, "todo", ConditionType.PAUSED)).get()
            .extracting(Condition::getStatus).isEqualTo("True"));

    edit(ns, p -> p.getSpec().getBackend().setReplicas(4));
    client().services().inNamespace(ns).withName("backend").delete();
    // A negative: hold it for a few seconds, long enough for the watch events to have been handled.
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
      assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(2);
      assertThat(client().services().inNamespace(ns).withName("backend").get()).isNull();
    });

    client().resources(TodoPlatform.class).inNamespace(ns).withName("todo")
        .edit(p -> {
          p.getMetadata().getAnnotations().remove(Constants.ANNOTATION_PAUSED);
          return p;
        });
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(4);
      assertThat(client().services().inNamespace(ns).withName("backend").get()).isNotNull();
      assertThat(condition(client(), ns, "todo", ConditionType.PAUSED)).get()
          .extracting(Condition::getStatus).isEqualTo("False");
    });
  }


  // --- helpers

  protected String readyPlatform() {
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client(), ns);
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
  protected void markDeploymentAvailable(String ns) {
    await().atMost(RunningOperator.TIMEOUT).ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .untilAsserted(() -> ClusterFixtures.markDeploymentAvailable(client(), ns, "backend"));
  }

  protected void awaitDeployment(String ns) {
    await().atMost(RunningOperator.TIMEOUT).until(() -> deployment(ns) != null);
  }

  protected void awaitReady(String ns) {
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(condition(client(), ns, "todo", ConditionType.READY)).get()
            .extracting(Condition::getStatus).isEqualTo("True"));
  }

  protected String newNamespace() {
    String ns = namespacePrefix() + "-" + NAMESPACES.incrementAndGet();
    ClusterFixtures.namespace(client(), ns);
    return ns;
  }

  protected void create(TodoPlatform platform) {
    PlatformQueries.create(client(), platform);
  }

  protected void edit(String ns, java.util.function.Consumer<TodoPlatform> change) {
    PlatformQueries.edit(client(), ns, change);
  }

  /** What `render` prints for the production sample in this namespace: the children the operator must apply. */
  protected List<HasMetadata> expectedChildren(String ns) {
    return TodoPlatformRenderer.render(ClusterFixtures.production(ns), RenderOptions.kubernetes()).inApplyOrder();
  }

  protected GenericKubernetesResource child(String ns, HasMetadata wanted) {
    return client().genericKubernetesResources(wanted.getApiVersion(), wanted.getKind()).inNamespace(ns)
        .withName(wanted.getMetadata().getName()).get();
  }

  protected Map<String, String> childUids(String ns) {
    Map<String, String> uids = new HashMap<>();
    for (HasMetadata wanted : expectedChildren(ns)) {
      uids.put(wanted.getKind() + "/" + wanted.getMetadata().getName(), child(ns, wanted).getMetadata().getUid());
    }
    return uids;
  }

  protected Map<String, String> childResourceVersions(String ns) {
    Map<String, String> versions = new HashMap<>();
    for (HasMetadata wanted : expectedChildren(ns)) {
      versions.put(wanted.getKind() + "/" + wanted.getMetadata().getName(),
          child(ns, wanted).getMetadata().getResourceVersion());
    }
    return versions;
  }

  protected TodoPlatform platform(String ns) {
    return PlatformQueries.platform(client(), ns);
  }

  protected Deployment deployment(String ns) {
    return PlatformQueries.deployment(client(), ns);
  }

  protected String podHash(String ns) {
    return PlatformQueries.podHash(client(), ns);
  }

  protected List<Component> components(String ns) {
    return PlatformQueries.components(client(), ns);
  }

  protected <T extends HasMetadata> T dapr(String ns, Class<T> type, String name) {
    return PlatformQueries.dapr(client(), ns, type, name);
  }

  /** The component as `render` prints it for the production sample in this namespace. */
  protected Component expectedComponent(String ns, String name) {
    return TodoPlatformRenderer.render(ClusterFixtures.production(ns), RenderOptions.kubernetes()).component(name)
        .orElseThrow();
  }

  /** The Ready condition, as an assertion (so that awaitility keeps polling while the operator has not written it). */
  protected Condition readyCondition(String ns, String name) {
    Optional<Condition> ready = condition(client(), ns, name, ConditionType.READY);
    assertThat(ready).as("Ready condition of " + ns + "/" + name).isPresent();
    return ready.get();
  }
}
