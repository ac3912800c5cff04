package io.todoplatform.operator.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.runtime.OperatorRuntime;
import io.todoplatform.operator.runtime.OperatorSettings;
import io.todoplatform.operator.status.ConditionType;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.PlatformQueries;
import io.todoplatform.operator.support.RunningOperator;
import io.todoplatform.testkit.kube.KubeApiServerExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator, running with nothing but the permissions deploy/ grants its ServiceAccount (the client impersonates
 * it on a real kube-apiserver with RBAC), reconciles a TodoPlatform to Ready: the least-privilege RBAC is also
 * enough. The test's own admin client stands in for the user (Secrets, the TodoPlatform) and for the missing
 * kubelet (it marks the Deployment available).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorUnderItsOwnRbacKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  static final String NAMESPACE = "todo-platform-system";
  static final String SERVICE_ACCOUNT = "system:serviceaccount:" + NAMESPACE + ":todo-platform-operator";

  @Test
  @Order(1)
  void theClusterWideInstallGrantsEverythingTheOperatorUses() {
    List<HasMetadata> installed = install("deploy/operator/overlays/cluster-wide");
    reconcilesToReadyAsTheServiceAccount("todo-prod", Set.of());
    // Take the cluster-wide grants away again, so the namespaced test gets nothing from them.
    installed.stream().filter(o -> o.getKind().startsWith("ClusterRole"))
        .forEach(o -> KUBE.client().resource(o).withTimeout(30, TimeUnit.SECONDS).delete());
  }

  @Test
  @Order(2)
  void theNamespacedInstallGrantsEverythingTheOperatorUsesInItsNamespace() {
    ClusterFixtures.namespace(KUBE.client(), "todo"); // the watched namespace exists before its Role (README)
    install("deploy/operator/overlays/namespaced");
    reconcilesToReadyAsTheServiceAccount("todo", Set.of("todo"));
  }

  private static List<HasMetadata> install(String overlay) {
    KubernetesClient admin = KUBE.client();
    String kustomized = Command.run(Command.tool("kustomize"), "build", overlay).requireSuccess().stdout();
    List<HasMetadata> objects = admin.load(new ByteArrayInputStream(kustomized.getBytes(StandardCharsets.UTF_8)))
        .items();
    objects.forEach(object -> admin.resource(object).forceConflicts().serverSideApply());
    EstablishedCrds.awaitEstablished(admin, TodoPlatform.CRD_NAME);
    if (admin.apiextensions().v1().customResourceDefinitions().withName("components.dapr.io").get() == null) {
      EstablishedCrds.installDaprCrds(admin);
    }
    return objects;
  }

  private static void reconcilesToReadyAsTheServiceAccount(String namespace, Set<String> watched) {
    KubernetesClient admin = KUBE.client();
    if (admin.namespaces().withName(namespace).get() == null) {
      ClusterFixtures.namespace(admin, namespace);
    }
    Config asOperator = new ConfigBuilder(KUBE.server().config())
        .withImpersonateUsername(SERVICE_ACCOUNT)
        .withImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + NAMESPACE, "system:authenticated")
        .build();
    try (KubernetesClient operatorClient = new KubernetesClientBuilder().withConfig(asOperator).build()) {
      assertThatThrownBy(() -> operatorClient.nodes().list())
          .as("the impersonated client has the ServiceAccount's permissions, not the admin's")
          .isInstanceOf(KubernetesClientException.class).hasMessageContaining("Forbidden");
      OperatorSettings settings = RunningOperator.settings(true).withLeaderElection(true, NAMESPACE)
          .withWatchNamespaces(watched);
      try (OperatorRuntime operator = OperatorRuntime.start(operatorClient, settings, () -> { })) {
        ClusterFixtures.productionSecrets(admin, namespace);
        TodoPlatform platform = ClusterFixtures.production(namespace);
        if (!watched.isEmpty()) {
          // The namespaced run lets the operator generate the app token: its "create" on Secrets is enough.
          platform.getSpec().getDapr().setAppTokenSecretRef(null);
        }
        PlatformQueries.create(admin, platform);
        await().atMost(Duration.ofSeconds(90)).until(() -> PlatformQueries.deployment(admin, namespace) != null);
        ClusterFixtures.markAppsAvailable(admin, namespace);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          Condition ready = ClusterFixtures.condition(admin, namespace, "todo", ConditionType.READY)
              .orElseThrow(AssertionError::new);
          assertThat(ready.getStatus()).as(ready.toString()).isEqualTo("True");
        });
        assertThat(PlatformQueries.components(admin, namespace)).hasSize(5);
        assertThat(admin.rbac().roles().inNamespace(namespace).withName("backend-secret-reader").get())
            .as("the operator could create a Role granting get on secrets").isNotNull();
        assertThat(admin.policy().v1().podDisruptionBudget().inNamespace(namespace).withName("backend").get())
            .as("and the PodDisruptionBudget of a two-replica backend").isNotNull();
        if (!watched.isEmpty()) {
          assertThat(admin.secrets().inNamespace(namespace).withName("backend-app-token").get())
              .as("and the generated app token").isNotNull();
        }
        assertThat(admin.v1().events().inNamespace(namespace).list().getItems())
            .as("events recorded under the operator's own permissions").isNotEmpty();
        var lease = admin.leases().inNamespace(NAMESPACE).withName(OperatorSettings.LEASE_NAME);
        var renewed = lease.get().getSpec().getRenewTime();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lease.get().getSpec().getRenewTime())
            .as("the leader renews its lease under its own permissions").isNotEqualTo(renewed));
      }
    }
  }
}
