package io.todoplatform.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.OperatorReplicas;
import io.todoplatform.operator.support.PlatformQueries;
import io.todoplatform.operator.support.RunningOperator;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.kube.AuditLog;
import io.todoplatform.testkit.kube.KubeApiServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When an operator starts (or a standby becomes leader) it reconciles every platform; a spec change must not wait
 * behind all of them, and the oldest change goes first. Here every platform has work to do on the restart (a
 * referenced Secret rotated while no operator ran, so each Deployment is written again), two of them also have a spec
 * change, and the operator has a single reconcile thread: the audit log shows the two changed platforms' Deployments
 * written first, in the order of their changes (after at most one other: the first reconciliation may have started
 * before the rest were queued), not at their places in the queue.
 */
class SpecChangesFirstKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withAuditLog(AuditLog.Level.WRITES);

  private static final List<String> NAMESPACES = IntStream.rangeClosed(1, 30).mapToObj(i -> "first-" + i).toList();
  // Late in the order java-operator-sdk queues these 30 (its cache is a hash map): 28th of 30 in arrival order.
  private static final String CHANGED = "first-21";
  // Changed after it, and queued before it.
  private static final String CHANGED_LATER = "first-2";

  @Test
  void aSpecChangeIsReconciledBeforeTheResyncOfEveryOtherPlatform() {
    KubernetesClient admin = KUBE.client();
    OperatorReplicas.installClusterWide(admin);
    EstablishedCrds.installDaprCrds(admin);
    var identity = OperatorReplicas.serviceAccount(admin, KUBE.server(), "spec-changes-first",
        Environment.outputDir().resolve("spec-changes-first"));
    for (String ns : NAMESPACES) {
      ClusterFixtures.namespace(admin, ns);
      ClusterFixtures.productionSecrets(admin, ns);
      PlatformQueries.create(admin, ClusterFixtures.production(ns));
    }
    try (KubernetesClient asOperator = new KubernetesClientBuilder().withConfig(identity.config()).build();
         OperatorRuntime first = RunningOperator.start(asOperator, RunningOperator.settings(true))) {
      awaitApplied(admin);
    }

    // While no operator runs: every platform gets work (a rotated Secret), one a spec change on top.
    Map<String, String> deploymentVersions = new HashMap<>();
    for (String ns : NAMESPACES) {
      deploymentVersions.put(ns, PlatformQueries.deployment(admin, ns).getMetadata().getResourceVersion());
      admin.secrets().inNamespace(ns).withName("kafka-secrets")
          .edit(secret -> {
            secret.getData().put("password", java.util.Base64.getEncoder().encodeToString("rotated".getBytes()));
            return secret;
          });
    }
    for (String ns : List.of(CHANGED, CHANGED_LATER)) {
      PlatformQueries.edit(admin, ns, platform -> platform.getSpec().getBackend().getPod()
          .setAnnotations(Map.of("example.com/changed", "yes")));
    }

    Instant restarted = Instant.now();
    OperatorSettings oneThread = withReconcileThreads(RunningOperator.settings(true), 1);
    try (KubernetesClient asOperator = new KubernetesClientBuilder().withConfig(identity.config()).build();
         OperatorRuntime second = RunningOperator.start(asOperator, oneThread)) {
      await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
        for (String ns : NAMESPACES) {
          assertThat(PlatformQueries.deployment(admin, ns).getMetadata().getResourceVersion()).as(ns)
              .isNotEqualTo(deploymentVersions.get(ns));
        }
      });
      awaitApplied(admin);
    }

    List<String> deploymentWrites = KUBE.server().auditLog().events().stream()
        .filter(e -> OperatorReplicas.USER.equals(e.actingUser()) && !e.received().isBefore(restarted))
        .filter(e -> "deployments".equals(e.resource()) && e.succeeded())
        .map(AuditLog.Event::namespace)
        .toList();
    assertThat(deploymentWrites).as("every platform's Deployment written once").hasSize(NAMESPACES.size());
    int start = List.of(CHANGED, CHANGED_LATER).contains(deploymentWrites.get(0)) ? 0 : 1;
    assertThat(deploymentWrites.subList(start, start + 2))
        .as("the first Deployments written (after at most one other): " + deploymentWrites)
        .containsExactly(CHANGED, CHANGED_LATER);
    for (String ns : List.of(CHANGED, CHANGED_LATER)) {
      assertThat(PlatformQueries.deployment(admin, ns).getSpec().getTemplate().getMetadata().getAnnotations())
          .containsEntry("example.com/changed", "yes");
    }
  }

  private static OperatorSettings withReconcileThreads(OperatorSettings s, int threads) {
    return new OperatorSettings(s.watchNamespaces(), s.leaderElection(), s.leaseName(), s.leaseNamespace(),
        s.leaseIdentity(), s.operationsPort(), s.serverSideApply(), threads, s.shutdownGracePeriod());
  }

  private static void awaitApplied(KubernetesClient admin) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      for (String ns : NAMESPACES) {
        TodoPlatform platform = PlatformQueries.platform(admin, ns);
        assertThat(platform.getStatus()).as(ns).isNotNull();
        assertThat(platform.getStatus().getObservedGeneration()).as(ns)
            .isEqualTo(platform.getMetadata().getGeneration());
        Condition applied = platform.getStatus().condition("ComponentsReady");
        assertThat(applied).as(ns).isNotNull();
        assertThat(applied.getStatus()).as(ns).isEqualTo("True");
      }
    });
  }
}
