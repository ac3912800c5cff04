package io.todoplatform.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.Configuration;
import io.todoplatform.operator.dapr.v1alpha1.Resiliency;
import io.todoplatform.operator.reconciler.TodoPlatformReconciler;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.OperatorReplicas;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.kube.KubeApiServerExtension;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A standby (a replica that does not hold the Lease, so reconciles nothing) already runs the Dapr dependents'
 * informers when it reports ready: taking over, it does not have to list every Dapr object first. Without
 * DaprInformersAtStart java-operator-sdk starts them only at a replica's first reconciliation (they have an activation
 * condition), and this standby would have none.
 */
class DaprInformersAtStartKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  private static final String STANDBY = "todo-platform-operator-standby";
  private static final String NAMESPACE = "team-dapr";

  @Test
  void aStandbyRunsTheDaprInformersBeforeItLeads() {
    KubernetesClient admin = KUBE.client();
    OperatorReplicas.installClusterWide(admin);
    EstablishedCrds.installDaprCrds(admin);
    ClusterFixtures.namespace(admin, NAMESPACE);
    // Another replica leads, for the whole test.
    admin.leases().inNamespace(OperatorReplicas.NAMESPACE).resource(new LeaseBuilder()
        .withNewMetadata().withName(OperatorSettings.LEASE_NAME).endMetadata()
        .withNewSpec().withHolderIdentity("todo-platform-operator-leader").withLeaseDurationSeconds(3600)
        .withAcquireTime(ZonedDateTime.now()).withRenewTime(ZonedDateTime.now()).endSpec().build()).create();
    Component existing = new Component();
    existing.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("kafka-pubsub")
        .withNamespace(NAMESPACE).withLabels(Map.of(Constants.LABEL_MANAGED_BY, Constants.MANAGED_BY)).build());
    existing.setSpec(new io.todoplatform.operator.dapr.v1alpha1.ComponentSpec());
    existing.getSpec().setType("pubsub.kafka");
    existing.getSpec().setVersion("v1");
    existing.getSpec().setMetadata(List.of());
    admin.resource(existing).create();

    var standby = OperatorReplicas.replica(admin, KUBE.server(), STANDBY,
        Environment.outputDir().resolve("dapr-informers-at-start"));
    OperatorSettings settings = new OperatorSettings(Set.of(), true, OperatorSettings.LEASE_NAME,
        OperatorReplicas.NAMESPACE, STANDBY, 0, true, 5, Duration.ofSeconds(5));
    try (KubernetesClient asStandby = new KubernetesClientBuilder().withConfig(standby.config()).build();
         OperatorRuntime runtime = OperatorRuntime.start(asStandby, settings)) {
      Controller<?> controller = (Controller<?>) runtime.operator().getRuntimeInfo()
          .getRegisteredController(TodoPlatformReconciler.NAME);
      var manager = controller.getEventSourceManager();

      for (Class<?> type : List.of(Component.class, Resiliency.class, Configuration.class)) {
        assertThat(manager.getEventSourcesFor(type)).as(type.getSimpleName() + " informers").isNotEmpty();
      }
      var components = (InformerEventSource<?, ?>) manager.getEventSourcesFor(Component.class).get(0);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(components.get(new ResourceID("kafka-pubsub", NAMESPACE))).as("listed by the standby")
              .isPresent());
      assertThat(admin.leases().inNamespace(OperatorReplicas.NAMESPACE).withName(OperatorSettings.LEASE_NAME).get()
          .getSpec().getHolderIdentity()).as("still a standby").isEqualTo("todo-platform-operator-leader");
    }
  }
}
