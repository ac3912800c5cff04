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
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.Configuration;
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

  /**
   * Whether an item the operator stops rendering in a list (a scope, a policy) disappears from the object. With
   * server-side apply (production; the operator has no other mode) it does. The mock server has no server-side apply:
   * java-operator-sdk's update-based matcher there ignores removals, so those checks run on the real server only.
   */
  protected boolean appliesRemovedListItems() {
    return true;
  }

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
    ClusterFixtures.secret(client(), ns, "cohere-api-key", Map.of("api-key", "k"));
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
    assertThat(components(ns)).hasSize(5);
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
    // The CRD schema stops most invalid specs (CrdKubeApiServerIT); these two its CEL rules cannot afford (the API
    // server's cost budget, SpecValidatorAgreementKubeApiServerIT): an env var name's characters, and the quantity
    // of a resource other than cpu and memory.
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client(), ns);
    TodoPlatform platform = ClusterFixtures.production(ns);
    platform.getSpec().getBackend().setEnv(List.of(new EnvVar("LOG\tLEVEL", "debug", null)));
    ResourceRequirements resources = platform.getSpec().getBackend().getResources();
    Map<String, Quantity> limits = new HashMap<>(resources.getLimits());
    limits.put("ephemeral-storage", new Quantity("lots"));
    resources.setLimits(limits);
    create(platform);

    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Condition ready = readyCondition(ns, "todo");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo(Reason.INVALID_SPEC);
      assertThat(ready.getMessage()).contains("spec.backend.env[0].name: must be printable ASCII")
          .contains("spec.backend.resources.limits.ephemeral-storage");
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


  // --- issue 11: chat-api

  @Test
  void aMissingModelKeySecretIsSecretNotFoundWithItsFieldPathUntilItIsCreated() {
    String ns = newNamespace();
    ClusterFixtures.secret(client(), ns, "kafka-secrets", Map.of("username", "todo", "password", "pw"));
    ClusterFixtures.secret(client(), ns, "neon-db", Map.of("connectionString", "host=db"));
    ClusterFixtures.secret(client(), ns, "todo-app-token", Map.of("token", "t"));
    create(ClusterFixtures.production(ns));

    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Condition ready = readyCondition(ns, "todo");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo(Reason.SECRET_NOT_FOUND);
      assertThat(ready.getMessage()).contains("\"cohere-api-key\"").contains("spec.chat.model.apiKeySecretRef")
          .contains("\"api-key\"");
    });
    // chat-api's sidecar would fail to load its conversation component: no pods of it yet.
    assertThat(client().apps().deployments().inNamespace(ns).withName("chat-api").get()).isNull();

    ClusterFixtures.secret(client(), ns, "cohere-api-key", Map.of("api-key", "k"));
    awaitDeployment(ns);
    markDeploymentAvailable(ns);
    awaitReady(ns);
  }

  @Test
  void chatApiIsAnAppOfItsOwnThatReadyWaitsForAndDisablingChatRemovesItAndClosesTheBackend() {
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client(), ns);
    create(ClusterFixtures.production(ns));
    awaitDeployment(ns);
    await().atMost(RunningOperator.TIMEOUT).ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .untilAsserted(() -> ClusterFixtures.markDeploymentAvailable(client(), ns, "backend"));
    // The backend is available, chat-api is not: Ready says so and waits.
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      assertThat(condition(client(), ns, "todo", ConditionType.BACKEND_AVAILABLE)).get()
          .extracting(Condition::getStatus).isEqualTo("True");
      assertThat(condition(client(), ns, "todo", ConditionType.CHAT_AVAILABLE)).get()
          .extracting(Condition::getStatus).isEqualTo("False");
      Condition ready = readyCondition(ns, "todo");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getMessage()).contains("chat-api");
    });
    markDeploymentAvailable(ns);
    awaitReady(ns);
    assertThat(condition(client(), ns, "todo", ConditionType.CHAT_AVAILABLE)).get()
        .extracting(Condition::getStatus).isEqualTo("True");
    assertThat(platform(ns).getStatus().getChat().getAppId()).isEqualTo("chat-api");
    assertThat(platform(ns).getStatus().getChat().getReadyReplicas()).isEqualTo(2);

    Deployment chat = client().apps().deployments().inNamespace(ns).withName("chat-api").get();
    assertThat(chat.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getName()).isEqualTo("todo"));
    assertThat(client().serviceAccounts().inNamespace(ns).withName("chat-api").get()).isNotNull();
    assertThat(client().services().inNamespace(ns).withName("chat-api").get()).isNotNull();
    assertThat(client().rbac().roles().inNamespace(ns).withName("chat-api-secret-reader").get().getRules())
        .singleElement().satisfies(rule -> assertThat(rule.getResourceNames()).containsExactly("todo-auth"));
    assertThat(dapr(ns, Configuration.class, "chat-api-config")).isNotNull();
    assertThat(dapr(ns, Configuration.class, "backend-config").getSpec().getAccessControl().getPolicies())
        .singleElement().satisfies(policy -> {
          assertThat(policy.getAppId()).isEqualTo("chat-api");
          assertThat(policy.getNamespace()).isEqualTo(ns);
        });
    assertThat(dapr(ns, Component.class, "statestore").getScopes()).containsExactly("backend", "chat-api");

    String backendHash = podHash(ns);
    edit(ns, p -> p.getSpec().getChat().setEnabled(false));
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      assertThat(client().apps().deployments().inNamespace(ns).withName("chat-api").get()).isNull();
      assertThat(client().services().inNamespace(ns).withName("chat-api").get()).isNull();
      assertThat(client().serviceAccounts().inNamespace(ns).withName("chat-api").get()).isNull();
      assertThat(client().rbac().roles().inNamespace(ns).withName("chat-api-secret-reader").get()).isNull();
      assertThat(client().rbac().roleBindings().inNamespace(ns).withName("chat-api-secret-reader").get()).isNull();
      assertThat(dapr(ns, Configuration.class, "chat-api-config")).isNull();
      assertThat(dapr(ns, Component.class, "chat-api-model")).isNull();
      if (appliesRemovedListItems()) {
        assertThat(dapr(ns, Component.class, "statestore").getScopes()).containsExactly("backend");
        assertThat(dapr(ns, Configuration.class, "backend-config").getSpec().getAccessControl().getPolicies())
            .as("nobody may invoke the backend any more").isNullOrEmpty();
      }
    });
    // The backend's Dapr resources changed (its Configuration, the stores' scopes), so its pods roll: once the new
    // template is applied, mark them available again.
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> assertThat(podHash(ns)).isNotEqualTo(backendHash));
    markDeploymentAvailable(ns);
    awaitReady(ns);
    assertThat(condition(client(), ns, "todo", ConditionType.CHAT_AVAILABLE)).as("no stale chat condition").isEmpty();
    assertThat(platform(ns).getStatus().getChat()).isNull();
  }

  // --- issue 14: a platform's whole life

  @Test
  void aRenamedComponentOrADisabledSchedulerLeavesNoStaleComponentBehind() {
    String ns = readyPlatform();
    edit(ns, p -> p.getSpec().getPubsub().setName("events"));
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> assertThat(components(ns))
        .extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder("kubernetes-secrets", "events", "statestore", "scheduler", "chat-api-model"));
    assertThat(dapr(ns, Resiliency.class, "backend-resiliency").getSpec().getTargets().getComponents())
        .containsKey("events").doesNotContainKey("kafka-pubsub");

    edit(ns, p -> p.getSpec().getScheduler().setEnabled(false));
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      assertThat(components(ns)).extracting(c -> c.getMetadata().getName())
          .containsExactlyInAnyOrder("kubernetes-secrets", "events", "statestore", "chat-api-model");
      assertThat(deployment(ns).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
          .extracting(EnvVar::getName).doesNotContain("TODO_SWEEP_BINDING");
    });
  }

  @Test
  void aRotatedSecretRollsThePodsAndAnUnrelatedSecretDoesNot() {
    String ns = readyPlatform();
    String before = secretsHash(ns);
    assertThat(before).as("the pod template carries the hash of the referenced Secrets").isNotBlank();
    String daprHashBefore = podHash(ns);

    // A Secret nobody references, and a reconciliation of the platform (a replicas change): the hash stays.
    ClusterFixtures.secret(client(), ns, "unrelated", Map.of("key", "value"));
    edit(ns, p -> p.getSpec().getBackend().setReplicas(3));
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
        assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(3));
    assertThat(secretsHash(ns)).isEqualTo(before);

    client().secrets().inNamespace(ns).withName("kafka-secrets").edit(s -> {
      Map<String, String> data = new HashMap<>(s.getData());
      data.put("password", java.util.Base64.getEncoder().encodeToString("rotated".getBytes()));
      s.setData(data);
      return s;
    });
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> assertThat(secretsHash(ns)).isNotEqualTo(before));
    assertThat(podHash(ns)).as("the Dapr resources did not change").isEqualTo(daprHashBefore);
  }

  @Test
  void withoutAnAppTokenSecretTheOperatorGeneratesOneOnceAndTheBackendUsesIt() {
    String ns = newNamespace();
    ClusterFixtures.productionSecrets(client(), ns);
    TodoPlatform platform = ClusterFixtures.production(ns);
    platform.getSpec().getDapr().setAppTokenSecretRef(null);
    create(platform);
    awaitDeployment(ns);
    markDeploymentAvailable(ns);
    awaitReady(ns);

    Secret token = client().secrets().inNamespace(ns).withName("backend-app-token").get();
    assertThat(token).as("the generated app token Secret").isNotNull();
    assertThat(token.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(platform(ns).getMetadata().getUid()));
    String value = new String(java.util.Base64.getDecoder().decode(token.getData().get("token")));
    assertThat(value).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
    var template = deployment(ns).getSpec().getTemplate();
    assertThat(template.getMetadata().getAnnotations()).containsEntry("dapr.io/app-token-secret", "backend-app-token");
    assertThat(template.getSpec().getContainers().get(0).getEnv())
        .filteredOn(e -> e.getName().equals("APP_API_TOKEN")).singleElement()
        .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("backend-app-token"));

    edit(ns, p -> p.getSpec().getResiliency().setTimeout("7s"));
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> assertThat(
        dapr(ns, Resiliency.class, "backend-resiliency").getSpec().getPolicies().getTimeouts())
        .containsEntry("general", "7s"));
    Secret after = client().secrets().inNamespace(ns).withName("backend-app-token").get();
    assertThat(after.getMetadata().getResourceVersion()).as("created once, never rewritten")
        .isEqualTo(token.getMetadata().getResourceVersion());
  }

  @Test
  void theOperatorCachesOnlyTheReferencedSecretsAndNeverTheirValues() {
    String ns = readyPlatform();
    ClusterFixtures.secret(client(), ns, "unrelated-here", Map.of("password", "not-for-the-operator"));
    String other = newNamespace();
    ClusterFixtures.secret(client(), other, "unrelated-elsewhere", Map.of("password", "not-for-the-operator"));
    // Let the watch events arrive.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);

    List<Secret> cached = cachedSecrets().toList();
    assertThat(cached).extracting(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())
        .contains(ns + "/kafka-secrets", ns + "/neon-db", ns + "/todo-app-token")
        .doesNotContain(ns + "/unrelated-here", other + "/unrelated-elsewhere", ns + "/todo-auth");
    assertThat(cached).allSatisfy(secret -> {
      assertThat(secret.getData().values()).as("no value of " + secret.getMetadata().getName()).allMatch(""::equals);
      assertThat(secret.getStringData()).isNullOrEmpty();
      assertThat(secret.getMetadata().getAnnotations()).isNullOrEmpty();
      assertThat(secret.getMetadata().getLabels()).isNullOrEmpty();
    });
    assertThat(cached).filteredOn(s -> s.getMetadata().getName().equals("kafka-secrets")
            && s.getMetadata().getNamespace().equals(ns)).singleElement()
        .satisfies(s -> assertThat(s.getData()).containsOnlyKeys("username", "password"));
  }

  @Test
  void aPodDisruptionBudgetProtectsTheBackendWhileItHasMoreThanOnePod() {
    String ns = readyPlatform();
    PodDisruptionBudget budget = client().policy().v1().podDisruptionBudget().inNamespace(ns).withName("backend").get();
    assertThat(budget).as("2 replicas: a PodDisruptionBudget").isNotNull();
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment(ns).getSpec().getSelector().getMatchLabels());

    edit(ns, p -> p.getSpec().getBackend().setReplicas(1));
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> assertThat(
        client().policy().v1().podDisruptionBudget().inNamespace(ns).withName("backend").get())
        .as("one pod: no budget that would only block node drains").isNull());

    edit(ns, p -> p.getSpec().getBackend().setReplicas(3));
    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> assertThat(
        client().policy().v1().podDisruptionBudget().inNamespace(ns).withName("backend").get()).isNotNull());
  }

  @Test
  void whilePausedTheStatusStillDescribesTheLastAppliedGeneration() {
    String ns = readyPlatform();
    TodoPlatform applied = platform(ns);
    long appliedGeneration = applied.getMetadata().getGeneration();
    client().resources(TodoPlatform.class).inNamespace(ns).withName("todo").edit(p -> {
      p.getMetadata().getAnnotations().put(Constants.ANNOTATION_PAUSED, "true");
      return p;
    });
    edit(ns, p -> p.getSpec().getPubsub().setName("events"));

    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Condition paused = condition(client(), ns, "todo", ConditionType.PAUSED).orElseThrow(AssertionError::new);
      assertThat(paused.getStatus()).isEqualTo("True");
      assertThat(paused.getObservedGeneration()).isEqualTo(platform(ns).getMetadata().getGeneration());
    });
    TodoPlatform paused = platform(ns);
    assertThat(paused.getMetadata().getGeneration()).isGreaterThan(appliedGeneration);
    assertThat(paused.getStatus().getObservedGeneration()).as("the new generation is not applied")
        .isEqualTo(appliedGeneration);
    assertThat(paused.getStatus().getComponents()).as("the components actually running").contains("kafka-pubsub")
        .doesNotContain("events");
  }

  @Test
  void whileBlockedTheStatusSaysWhyForTheNewGenerationButDoesNotClaimItApplied() {
    String ns = readyPlatform();
    long appliedGeneration = platform(ns).getMetadata().getGeneration();
    edit(ns, p -> p.getSpec().getStateStore().getConnectionSecretRef().setName("missing-db"));

    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Condition ready = readyCondition(ns, "todo");
      assertThat(ready.getReason()).isEqualTo(Reason.SECRET_NOT_FOUND);
      assertThat(ready.getObservedGeneration()).isEqualTo(platform(ns).getMetadata().getGeneration());
    });
    assertThat(platform(ns).getStatus().getObservedGeneration()).isEqualTo(appliedGeneration);
    assertThat(platform(ns).getStatus().getComponents()).contains("statestore");
  }

  // --- helpers

  @Test
  void aRolloutThatStopsProgressingNeedsActionAndRecoveringMakesItReadyAgain() {
    String ns = readyPlatform();
    // What a crash-looping sidecar leads to once the Deployment controller's progress deadline passes.
    await().atMost(RunningOperator.TIMEOUT).ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .untilAsserted(() -> ClusterFixtures.markDeploymentStuck(client(), ns, "backend"));

    await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
      Condition ready = readyCondition(ns, "todo");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo(Reason.ROLLOUT_STUCK);
      assertThat(ready.getMessage()).contains("progressDeadlineSeconds", "CrashLoopBackOff", "kubectl get pods -l ",
          "app.kubernetes.io/name=todo-backend", "app.kubernetes.io/instance=todo");
      assertThat(condition(client(), ns, "todo", ConditionType.BACKEND_AVAILABLE)).get()
          .extracting(Condition::getReason).isEqualTo(Reason.ROLLOUT_STUCK);
    });

    markDeploymentAvailable(ns);
    awaitReady(ns);
  }

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
        .untilAsserted(() -> ClusterFixtures.markAppsAvailable(client(), ns));
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

  protected String secretsHash(String ns) {
    return deployment(ns).getSpec().getTemplate().getMetadata().getAnnotations()
        .get(Constants.ANNOTATION_SECRETS_HASH);
  }

  /** What the running operator holds of Secrets. */
  protected abstract java.util.stream.Stream<Secret> cachedSecrets();

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
