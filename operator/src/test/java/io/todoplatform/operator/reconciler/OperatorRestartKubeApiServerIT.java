package io.todoplatform.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.runtime.OperatorRuntime;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator that restarts over platforms it has already reconciled writes nothing: it sends no write request at all
 * (the API server's audit log, under the operator's own ServiceAccount: a server-side apply that changes nothing is a
 * request too, and 12 of them per platform on every resync would be load for nothing), and the resourceVersions of
 * the TodoPlatform, of every child and of the generated app token stay as they were. Everything issue 14 added (the
 * secrets hash, the generated token, the PodDisruptionBudget, status.selector) must keep it so.
 */
class OperatorRestartKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withAuditLog(AuditLog.Level.WRITES);

  @Test
  void aRestartedOperatorReconcilesEveryPlatformWithoutWritingAnything() {
    KubernetesClient client = KUBE.client();
    OperatorReplicas.installClusterWide(client);
    EstablishedCrds.installDaprCrds(client);
    var identity = OperatorReplicas.serviceAccount(client, KUBE.server(), "restart",
        Environment.outputDir().resolve("operator-restart"));
    String ns = "restart";
    ClusterFixtures.namespace(client, ns);
    ClusterFixtures.productionSecrets(client, ns);
    TodoPlatform platform = ClusterFixtures.production(ns);
    platform.getSpec().getDapr().setAppTokenSecretRef(null);

    Map<String, String> before;
    try (KubernetesClient asOperator = new KubernetesClientBuilder().withConfig(identity.config()).build();
         OperatorRuntime first = RunningOperator.start(asOperator, RunningOperator.settings(true))) {
      PlatformQueries.create(client, platform);
      await().atMost(RunningOperator.TIMEOUT).until(() -> PlatformQueries.deployment(client, ns) != null);
      await().atMost(RunningOperator.TIMEOUT).ignoreExceptions()
          .untilAsserted(() -> ClusterFixtures.markAppsAvailable(client, ns));
      await().atMost(RunningOperator.TIMEOUT).untilAsserted(() -> assertThat(
          ClusterFixtures.condition(client, ns, "todo", "Ready").orElseThrow(AssertionError::new).getStatus())
          .isEqualTo("True"));
      // Settled: nothing moves any more.
      before = versions(client, ns);
      Map<String, String> settled = before;
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(versions(client, ns)).isEqualTo(settled));
    }

    Instant restarted = Instant.now();
    try (KubernetesClient asOperator = new KubernetesClientBuilder().withConfig(identity.config()).build();
         OperatorRuntime second = RunningOperator.start(asOperator, RunningOperator.settings(true))) {
      await().atMost(RunningOperator.TIMEOUT).until(() -> second.registry()
          .find("operator.sdk.reconciliations.success").counters().stream().mapToDouble(c -> c.count()).sum() >= 1);
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(versions(client, ns)).as("nothing written on restart").isEqualTo(before));
    }
    List<String> requests = KUBE.server().auditLog().events().stream()
        .filter(e -> OperatorReplicas.USER.equals(e.actingUser()) && !e.received().isBefore(restarted))
        .filter(e -> !"selfsubjectrulesreviews".equals(e.resource()))
        .map(e -> e.verb() + " " + e.kind() + " " + e.name() + " (" + e.code() + ")")
        .toList();
    assertThat(requests).as("write requests of the restarted operator, even ones that change nothing").isEmpty();
  }

  /** kind/name -> resourceVersion of the TodoPlatform, every child `render` prints and the generated app token. */
  private static Map<String, String> versions(KubernetesClient client, String ns) {
    Map<String, String> versions = new TreeMap<>();
    TodoPlatform platform = PlatformQueries.platform(client, ns);
    versions.put("TodoPlatform/todo", platform.getMetadata().getResourceVersion());
    for (HasMetadata child : io.todoplatform.operator.render.TodoPlatformRenderer.render(platform,
        io.todoplatform.operator.render.RenderOptions.kubernetes()).inApplyOrder()) {
      HasMetadata actual = client.resource(child).get();
      versions.put(child.getKind() + "/" + child.getMetadata().getName(),
          actual == null ? "missing" : actual.getMetadata().getResourceVersion());
    }
    versions.put("Secret/backend-app-token",
        client.secrets().inNamespace(ns).withName("backend-app-token").get().getMetadata().getResourceVersion());
    return versions;
  }
}
