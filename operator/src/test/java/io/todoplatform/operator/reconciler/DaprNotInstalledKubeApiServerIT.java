package io.todoplatform.operator.reconciler;

import static io.todoplatform.operator.support.ClusterFixtures.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.runtime.OperatorRuntime;
import io.todoplatform.operator.runtime.OperatorSettings;
import io.todoplatform.operator.status.ConditionType;
import io.todoplatform.operator.status.Reason;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.RunningOperator;
import io.todoplatform.testkit.kube.KubeApiServerExtension;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator on a real kube-apiserver that starts without Dapr (its CRDs must be absent, hence a class and API
 * server of its own), with server-side apply on. Leader election shares the server to keep the suite fast: it
 * installs nothing, and each operator here watches only its own namespace, so the tests do not disturb each other.
 *
 * <p>No kubelet or Deployment controller runs: the test marks the backend Deployment available itself.
 */
class DaprNotInstalledKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  /** The operator re-checks for Dapr on its own (no event announces a new CRD): 15 s recheck, plus slack. */
  private static final Duration DAPR_RECOVERY_TIMEOUT = Duration.ofSeconds(90);

  static KubernetesClient client;

  @BeforeAll
  static void installTodoPlatformCrdOnly() {
    client = KUBE.client();
    EstablishedCrds.installTodoPlatformCrd(client);
  }

  @Test
  void reportsDaprNotInstalledDeploysNothingAndRecoversOnceDaprIsInstalled() {
    String ns = "no-dapr";
    ClusterFixtures.namespace(client, ns);
    ClusterFixtures.productionSecrets(client, ns);
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName(Constants.CRD_COMPONENTS).get())
        .as("this test needs a cluster without Dapr").isNull();

    try (OperatorRuntime operator = RunningOperator.start(client,
        RunningOperator.settings(true).withWatchNamespaces(Set.of(ns)))) {
      client.resources(TodoPlatform.class).inNamespace(ns).resource(ClusterFixtures.production(ns)).create();

      await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
        Condition ready = readyCondition(ns, "todo");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(Reason.DAPR_NOT_INSTALLED);
        assertThat(ready.getMessage()).contains("components.dapr.io").contains("Install the Dapr control plane");
      });
      // Nothing half-deployed: not even the children that need no Dapr.
      assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(client.serviceAccounts().inNamespace(ns).withName("backend").get()).isNull();
      assertThat(client.rbac().roles().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(client.services().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(client.v1().events().inNamespace(ns).list().getItems())
          .anyMatch(e -> "Warning".equals(e.getType()) && Reason.DAPR_NOT_INSTALLED.equals(e.getReason()));

      EstablishedCrds.installDaprCrds(client);

      await().atMost(DAPR_RECOVERY_TIMEOUT).until(() ->
          client.apps().deployments().inNamespace(ns).withName("backend").get() != null);
      // Stands in for the Deployment controller and kubelets, which do not run here; retried on a 409 Conflict.
      await().atMost(RunningOperator.TIMEOUT).ignoreExceptionsInstanceOf(KubernetesClientException.class)
          .untilAsserted(() -> ClusterFixtures.markAppsAvailable(client, ns));
      await().atMost(RunningOperator.TIMEOUT).untilAsserted(() ->
          assertThat(condition(client, ns, "todo", ConditionType.READY)).get()
              .extracting(Condition::getStatus).isEqualTo("True"));
      assertThat(client.genericKubernetesResources(Constants.DAPR_API_VERSION, Constants.KIND_COMPONENT)
          .inNamespace(ns).list().getItems()).hasSize(5);
      assertThat(client.genericKubernetesResources(Constants.DAPR_API_VERSION, Constants.KIND_RESILIENCY)
          .inNamespace(ns).list().getItems()).hasSize(1);
      // The backend's and chat-api's.
      assertThat(client.genericKubernetesResources(Constants.DAPR_API_VERSION, Constants.KIND_CONFIGURATION)
          .inNamespace(ns).list().getItems()).hasSize(2);
    }
  }

  @Test
  void withLeaderElectionTheOperatorTakesTheLeaseAndReconciles() {
    String ns = "leader-election";
    ClusterFixtures.namespace(client, ns);
    ClusterFixtures.productionSecrets(client, ns);
    // The admin token belongs to system:masters, so java-operator-sdk's access review of Leases passes without RBAC.
    OperatorSettings settings = RunningOperator.settings(true).withLeaderElection(true, ns)
        .withWatchNamespaces(Set.of(ns));
    try (OperatorRuntime operator = RunningOperator.start(client, settings)) {
      await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> {
        Lease lease = client.leases().inNamespace(ns).withName(OperatorSettings.LEASE_NAME).get();
        assertThat(lease).isNotNull();
        assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
        assertThat(lease.getSpec().getRenewTime()).isNotNull();
      });
      client.resources(TodoPlatform.class).inNamespace(ns).resource(ClusterFixtures.production(ns)).create();
      // Whatever the other test has done to Dapr, the leader reconciles: the platform gets a Ready condition.
      await().atMost(RunningOperator.TIMEOUT).until(() ->
          condition(client, ns, "todo", ConditionType.READY).isPresent());
    }
    assertThat(client.leases().inNamespace("default").list().getItems())
        .as("the Lease lives in the namespace given, nowhere else")
        .noneMatch(l -> OperatorSettings.LEASE_NAME.equals(l.getMetadata().getName()));
  }

  /** The Ready condition, as an assertion (so that awaitility keeps polling while the operator has not written it). */
  private static Condition readyCondition(String ns, String name) {
    Optional<Condition> ready = condition(client, ns, name, ConditionType.READY);
    assertThat(ready).as("Ready condition of " + ns + "/" + name).isPresent();
    return ready.get();
  }
}
