package io.todoplatform.operator.reconciler;

import static io.todoplatform.operator.support.ClusterFixtures.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.runtime.OperatorRuntime;
import io.todoplatform.operator.status.ConditionType;
import io.todoplatform.operator.status.Reason;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.RunningOperator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A cluster without Dapr: nothing is half-deployed, the status says what to install, and the platform continues by
 * itself once Dapr's CRDs appear. fabric8's mock API server in CRUD mode (no server-side apply, so SSA is off).
 */
@EnableKubernetesMockClient(crud = true)
class DaprNotInstalledMockServerIT {
  static KubernetesClient client;

  @Test
  void reportsDaprNotInstalledDeploysNothingAndRecoversOnceDaprIsInstalled() {
    ClusterFixtures.installTodoPlatformCrd(client);
    ClusterFixtures.namespace(client, "todo-prod");
    ClusterFixtures.productionSecrets(client, "todo-prod");
    try (OperatorRuntime operator = RunningOperator.start(client, RunningOperator.settings(false))) {
      TodoPlatform platform = ClusterFixtures.production("todo-prod");
      client.resources(TodoPlatform.class).inNamespace("todo-prod").resource(platform).create();

      await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
        Condition ready = condition(client, "todo-prod", "todo", ConditionType.READY).orElseThrow(AssertionError::new);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(Reason.DAPR_NOT_INSTALLED);
        assertThat(ready.getMessage()).contains("components.dapr.io").contains("Install the Dapr control plane");
      });
      assertThat(client.apps().deployments().inNamespace("todo-prod").list().getItems()).isEmpty();
      assertThat(client.serviceAccounts().inNamespace("todo-prod").withName("backend").get()).isNull();
      assertThat(client.rbac().roles().inNamespace("todo-prod").list().getItems()).isEmpty();

      ClusterFixtures.installDaprCrds(client);
      // The operator re-checks for Dapr on its own (no event announces a CRD): allow for its recheck interval.
      await().atMost(Duration.ofSeconds(90)).until(() ->
          client.apps().deployments().inNamespace("todo-prod").withName("backend").get() != null);
      await().atMost(RunningOperator.TIMEOUT).ignoreExceptionsInstanceOf(KubernetesClientException.class)
          .untilAsserted(() -> ClusterFixtures.markAppsAvailable(client, "todo-prod"));
      await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
          assertThat(condition(client, "todo-prod", "todo", ConditionType.READY)).get()
              .extracting(Condition::getStatus).isEqualTo("True"));
      assertThat(client.genericKubernetesResources("dapr.io/v1alpha1", "Component").inNamespace("todo-prod").list()
          .getItems()).hasSize(5);
    }
  }
}
