package io.todoplatform.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.todoplatform.operator.runtime.OperatorSettings;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.OperatorReplicas;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.kube.KubeApiServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * deploy/'s leader-writes policy on the real API server: a write of the operator's ServiceAccount from a Pod that does
 * not hold the Lease is refused, whatever the replica itself believes. The client-side fence (LeaderWriteFence) cannot
 * stop a write that passed it just before its replica was frozen and reaches the API server after another replica
 * took over; LeaderHandOverKubeApiServerIT saw one land. The replicas here are two pod-bound tokens of the shipped
 * ServiceAccount, as the kubelet gives them; the Lease is written by hand, as each replica's elector would.
 */
class LeaderWritesPolicyKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  private static final String NAMESPACE = "fenced";
  private static final String X = "todo-platform-operator-x";
  private static final String Y = "todo-platform-operator-y";
  private final AtomicInteger names = new AtomicInteger();

  @Test
  void onlyThePodHoldingTheLeaseWritesWhileTheLeaseItselfAndReadsAlwaysPass() {
    KubernetesClient admin = KUBE.client();
    OperatorReplicas.installClusterWide(admin);
    ClusterFixtures.namespace(admin, NAMESPACE);
    Path dir = Environment.outputDir().resolve("leader-writes-policy");
    var x = OperatorReplicas.replica(admin, KUBE.server(), X, dir);
    var y = OperatorReplicas.replica(admin, KUBE.server(), Y, dir);
    try (KubernetesClient asX = new KubernetesClientBuilder().withConfig(x.config()).build();
         KubernetesClient asY = new KubernetesClientBuilder().withConfig(y.config()).build()) {
      // No Lease: leader election never ran (or is off), so there is nobody to fence against.
      String beforeAnyLease = write(asY);

      Lease lease = asX.leases().inNamespace(OperatorReplicas.NAMESPACE).resource(new LeaseBuilder()
          .withNewMetadata().withName(OperatorSettings.LEASE_NAME).endMetadata()
          .withNewSpec().withHolderIdentity(X).withLeaseDurationSeconds(30).endSpec().build()).create();
      // The API server reads the Lease from its own watch cache: refused as soon as that has seen x take it.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> write(asY))
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
          .hasMessageContaining("only the leader writes: " + Y + " does not hold the Lease "
              + OperatorReplicas.NAMESPACE + "/" + OperatorSettings.LEASE_NAME + ", " + X + " does"));
      assertThatThrownBy(() -> asY.serviceAccounts().inNamespace(NAMESPACE).withName(beforeAnyLease).delete())
          .as("deletes too").isInstanceOfSatisfying(KubernetesClientException.class,
              e -> assertThat(e.getCode()).isEqualTo(403));
      assertThat(asY.serviceAccounts().inNamespace(NAMESPACE).withName(beforeAnyLease).get()).as("reads pass")
          .isNotNull();
      write(asX);
      assertThat(admin.serviceAccounts().inNamespace(NAMESPACE).resource(serviceAccount("by-the-admin"))
          .serverSideApply()).as("nobody else is fenced").isNotNull();

      // y takes the Lease over (as after x's renewals stopped): the Lease write passes, and then y writes, x cannot.
      lease = asY.leases().inNamespace(OperatorReplicas.NAMESPACE).withName(OperatorSettings.LEASE_NAME)
          .edit(l -> new LeaseBuilder(l).editSpec().withHolderIdentity(Y).endSpec().build());
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> write(asY));
      assertThatThrownBy(() -> write(asX)).isInstanceOfSatisfying(KubernetesClientException.class,
          e -> assertThat(e.getCode()).isEqualTo(403)).hasMessageContaining(X + " does not hold the Lease");

      // Released (a replica stopping gracefully empties the holder): nobody leads, nothing to fence against.
      asY.leases().inNamespace(OperatorReplicas.NAMESPACE).withName(OperatorSettings.LEASE_NAME)
          .edit(l -> new LeaseBuilder(l).editSpec().withHolderIdentity(null).endSpec().build());
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> write(asX));
      assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(Y);
    }
  }

  /** Creates a ServiceAccount (the operator creates one per platform): its name, when the API server let it. */
  private String write(KubernetesClient client) {
    String name = "written-" + names.incrementAndGet();
    client.serviceAccounts().inNamespace(NAMESPACE).resource(serviceAccount(name)).create();
    return name;
  }

  private static io.fabric8.kubernetes.api.model.ServiceAccount serviceAccount(String name) {
    return new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata().build();
  }
}
