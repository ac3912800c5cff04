package io.todoplatform.operator.reconciler;

import static io.todoplatform.operator.support.ClusterFixtures.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.runtime.OperatorRuntime;
import io.todoplatform.operator.runtime.OperatorSettings;
import io.todoplatform.operator.status.ConditionType;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.RunningOperator;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/** Leader election on takes a Lease before reconciling; off takes none. fabric8's mock API server, SSA off. */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionMockServerIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  /**
   * java-operator-sdk asks the API server (SelfSubjectRulesReview) whether it may use Leases before electing; the
   * mock server cannot answer that, so this canned answer stands in for the authorizer of a real API server.
   */
  @BeforeAll
  static void answerLeaseAccessReview() {
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder()
            .withNewSpec().withNamespace("le-on").endSpec()
            .withNewStatus().withIncomplete(false)
            .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
            .withVerbs("create", "update", "get").endResourceRule()
            .endStatus().build())
        .always();
  }

  @Test
  void withLeaderElectionTheOperatorHoldsTheLeaseAndReconciles() {
    prepare("le-on");
    OperatorSettings settings = RunningOperator.settings(false).withLeaderElection(true, "le-on")
        .withWatchNamespaces(Set.of("le-on"));
    try (OperatorRuntime operator = RunningOperator.start(client, settings)) {
      client.resources(TodoPlatform.class).inNamespace("le-on").resource(ClusterFixtures.production("le-on"))
          .create();
      await().atMost(RunningOperator.TIMEOUT).until(() ->
          client.leases().inNamespace("le-on").withName(OperatorSettings.LEASE_NAME).get() != null);
      assertThat(client.leases().inNamespace("le-on").withName(OperatorSettings.LEASE_NAME).get().getSpec()
          .getHolderIdentity()).isNotBlank();
      await().atMost(RunningOperator.TIMEOUT).until(() ->
          condition(client, "le-on", "todo", ConditionType.COMPONENTS_READY).isPresent());
    }
  }

  @Test
  void withoutLeaderElectionNoLeaseIsTakenAndOnlyTheWatchedNamespaceIsReconciled() {
    prepare("le-off");
    prepare("not-watched");
    OperatorSettings settings = RunningOperator.settings(false).withWatchNamespaces(Set.of("le-off"));
    try (OperatorRuntime operator = RunningOperator.start(client, settings)) {
      client.resources(TodoPlatform.class).inNamespace("le-off").resource(ClusterFixtures.production("le-off"))
          .create();
      client.resources(TodoPlatform.class).inNamespace("not-watched")
          .resource(ClusterFixtures.production("not-watched")).create();
      await().atMost(RunningOperator.TIMEOUT).until(() ->
          condition(client, "le-off", "todo", ConditionType.COMPONENTS_READY).isPresent());
      assertThat(client.leases().inAnyNamespace().list().getItems()).isEmpty();
      assertThat(condition(client, "not-watched", "todo", ConditionType.READY)).isEmpty();
    }
  }

  private static void prepare(String namespace) {
    if (client.apiextensions().v1().customResourceDefinitions().withName(TodoPlatform.CRD_NAME).get() == null) {
      ClusterFixtures.installTodoPlatformCrd(client);
      ClusterFixtures.installDaprCrds(client);
    }
    ClusterFixtures.namespace(client, namespace);
    ClusterFixtures.productionSecrets(client, namespace);
  }
}
