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
import io.todoplatform.operator.testing.kube.KubeApiServerExtension;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator, running with nothing but the permissions deploy/ grants its ServiceAccount (the client impersonates
 * it on a real kube-apiserver with RBAC), reconciles a TodoPlatform to Ready: the least-privilege RBAC is also
 * enough. The test's own admin client stands in for the user (Secrets, the TodoPlatform) and for the missing
 * kubelet (it marks the Deployment available).
 */
class OperatorUnderItsOwnRbacKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  static final String NAMESPACE = "todo-platform-system";
  static final String SERVICE_ACCOUNT = "system:serviceaccount:" + NAMESPACE + ":todo-platform-operator";

  @Test
  void theClusterWideInstallGrantsEverythingTheOperatorUses() {
    KubernetesClient admin = KUBE.client();
    String kustomized = Command.run(Command.tool("kustomize"), "build", "deploy/operator/overlays/cluster-wide")
        .requireSuccess().stdout();
    admin.load(new java.io.ByteArrayInputStream(kustomized.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .items().forEach(object -> admin.resource(object).forceConflicts().serverSideApply());
    EstablishedCrds.awaitEstablished(admin, TodoPlatform.CRD_NAME);
    EstablishedCrds.installDaprCrds(admin);

    Config asOperator = new ConfigBuilder(KUBE.server().config())
        .withImpersonateUsername(SERVICE_ACCOUNT)
        .withImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + NAMESPACE, "system:authenticated")
        .build();
    try (KubernetesClient operatorClient = new KubernetesClientBuilder().withConfig(asOperator).build()) {
      assertThatThrownBy(() -> operatorClient.nodes().list())
          .as("the impersonated client has the ServiceAccount's permissions, not the admin's")
          .isInstanceOf(KubernetesClientException.class).hasMessageContaining("Forbidden");
      OperatorSettings settings = RunningOperator.settings(true).withLeaderElection(true, NAMESPACE)
          .withWatchNamespaces(Set.of());
      try (OperatorRuntime operator = OperatorRuntime.start(operatorClient, settings, () -> { })) {
        ClusterFixtures.namespace(admin, "todo-prod");
        ClusterFixtures.productionSecrets(admin, "todo-prod");
        PlatformQueries.create(admin, ClusterFixtures.production("todo-prod"));
        await().atMost(Duration.ofSeconds(90)).until(() -> PlatformQueries.deployment(admin, "todo-prod") != null);
        ClusterFixtures.markDeploymentAvailable(admin, "todo-prod", "backend");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          Condition ready = ClusterFixtures.condition(admin, "todo-prod", "todo", ConditionType.READY)
              .orElseThrow(AssertionError::new);
          assertThat(ready.getStatus()).as(ready.toString()).isEqualTo("True");
        });
        assertThat(PlatformQueries.components(admin, "todo-prod")).hasSize(4);
        assertThat(admin.rbac().roles().inNamespace("todo-prod").withName("backend-secret-reader").get())
            .as("the operator could create a Role granting get on secrets").isNotNull();
        assertThat(admin.v1().events().inNamespace("todo-prod").list().getItems())
            .as("events recorded under the operator's own permissions").isNotEmpty();
        assertThat(admin.leases().inNamespace(NAMESPACE).withName(OperatorSettings.LEASE_NAME).get()).isNotNull();
      }
    }
  }
}
