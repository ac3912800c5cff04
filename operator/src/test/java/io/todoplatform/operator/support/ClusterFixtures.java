package io.todoplatform.operator.support;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.todoplatform.operator.api.v1alpha1.ChatSpec;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the operator's integration tests put on a cluster (mock or real): CRDs, namespaces, Secrets, samples. */
public final class ClusterFixtures {
  public static final String[] DAPR_CRD_FILES = {"components.yaml", "resiliency.yaml", "configuration.yaml"};

  private ClusterFixtures() {}

  public static void installTodoPlatformCrd(KubernetesClient client) {
    installCrd(client, ProjectPaths.repoRoot().resolve("crds/todoplatforms.platform.todo.io-v1.yml"));
  }

  public static void installDaprCrds(KubernetesClient client) {
    for (String file : DAPR_CRD_FILES) {
      installCrd(client, ProjectPaths.shared().resolve("dapr/crds").resolve(file));
    }
  }

  static void installCrd(KubernetesClient client, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void namespace(KubernetesClient client, String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /** The Secrets the production sample references, with throw-away values. */
  public static void productionSecrets(KubernetesClient client, String namespace) {
    secret(client, namespace, "kafka-secrets", Map.of("username", "todo", "password", "not-a-real-password"));
    secret(client, namespace, "neon-db", Map.of("connectionString", "host=localhost user=todo dbname=todo"));
    secret(client, namespace, "todo-app-token", Map.of("token", "not-a-real-token"));
    secret(client, namespace, "cohere-api-key", Map.of("api-key", "not-a-real-key"));
  }

  public static void secret(KubernetesClient client, String namespace, String name, Map<String, String> values) {
    client.secrets().inNamespace(namespace).resource(new SecretBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withStringData(values)
        .build()).create();
  }

  /** The production sample, moved to the given namespace. */
  public static TodoPlatform production(String namespace) {
    TodoPlatform platform = Samples.production();
    platform.getMetadata().setNamespace(namespace);
    return platform;
  }

  /**
   * Marks the backend Deployment rolled out and available, as the Deployment controller and kubelets would: no
   * kubelet runs in these tests, so the test stands in for them.
   */
  public static void markDeploymentAvailable(KubernetesClient client, String namespace, String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    int replicas = deployment.getSpec().getReplicas();
    deployment.setStatus(new DeploymentStatusBuilder()
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
        .withAvailableReplicas(replicas)
        .build());
    client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
  }

  /**
   * Marks the backend's Deployment and, while the TodoPlatform "todo" has chat enabled, chat-api's rolled out and
   * available. Throws AssertionError (for awaitility to retry) while one of them does not exist yet.
   */
  public static void markAppsAvailable(KubernetesClient client, String namespace) {
    TodoPlatform platform = client.resources(TodoPlatform.class).inNamespace(namespace).withName("todo").get();
    List<String> apps = new ArrayList<>(List.of("backend"));
    ChatSpec chat = platform == null ? null : platform.getSpec().getChat();
    if (chat != null && !Boolean.FALSE.equals(chat.getEnabled())) {
      apps.add(chat.getAppId() == null ? ChatSpec.DEFAULT_APP_ID : chat.getAppId());
    }
    for (String app : apps) {
      if (client.apps().deployments().inNamespace(namespace).withName(app).get() == null) {
        throw new AssertionError("the " + app + " Deployment does not exist yet");
      }
      markDeploymentAvailable(client, namespace, app);
    }
  }

  /**
   * What the Deployment controller writes when a rollout made no progress within progressDeadlineSeconds (a pod
   * crash-looping, for example): one replica running the old template, the new one never ready.
   */
  public static void markDeploymentStuck(KubernetesClient client, String namespace, String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    int replicas = deployment.getSpec().getReplicas();
    deployment.setStatus(new DeploymentStatusBuilder()
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(0).withAvailableReplicas(0)
        .addNewCondition().withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
        .withMessage("ReplicaSet \"" + name + "-7d4b9c\" has timed out progressing.").endCondition()
        .build());
    client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
  }

  public static Optional<Condition> condition(KubernetesClient client, String namespace, String name, String type) {
    TodoPlatform platform = client.resources(TodoPlatform.class).inNamespace(namespace).withName(name).get();
    if (platform == null || platform.getStatus() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(platform.getStatus().condition(type));
  }
}
