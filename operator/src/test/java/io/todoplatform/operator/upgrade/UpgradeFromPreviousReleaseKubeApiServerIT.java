package io.todoplatform.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.runtime.OperatorRuntime;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.JsonDiff;
import io.todoplatform.operator.support.OperatorReplicas;
import io.todoplatform.operator.support.RunningOperator;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.kube.AuditLog;
import io.todoplatform.testkit.kube.KubeApiServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrading from the previous release (0.1.0): what its operator applied (replayed from a recording of that release's
 * real operator, see {@link PreviousRelease}) under its CRD is adopted by this release's operator, installed the way
 * deploy/ installs it (its CRD included), without a spurious rollout: server-side apply ownership stays with the one
 * field manager, labels and selectors stay as they were, each backend Deployment rolls exactly once, for the pod
 * template changes listed here (and in docs/operations.md, "Upgrading"), and a restart afterwards writes nothing.
 */
class UpgradeFromPreviousReleaseKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withAuditLog(AuditLog.Level.WRITES);

  private static final Logger LOG = LoggerFactory.getLogger(UpgradeFromPreviousReleaseKubeApiServerIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIELD_MANAGER = "todoplatform";
  /** The children the previous release applied, by API version and kind. */
  private static final List<String[]> CHILD_KINDS = List.of(
      new String[] {"v1", "ServiceAccount"}, new String[] {"rbac.authorization.k8s.io/v1", "Role"},
      new String[] {"rbac.authorization.k8s.io/v1", "RoleBinding"}, new String[] {"v1", "Service"},
      new String[] {"apps/v1", "Deployment"}, new String[] {"dapr.io/v1alpha1", "Component"},
      new String[] {"dapr.io/v1alpha1", "Resiliency"}, new String[] {"dapr.io/v1alpha1", "Configuration"},
      new String[] {"policy/v1", "PodDisruptionBudget"}, new String[] {"v1", "Secret"});

  /**
   * What in the backend's pod template this release changes, and so the one rollout of each backend an upgrade
   * causes. Every line is a feature of this release; docs/operations.md ("Upgrading") explains them.
   */
  static final Set<String> POD_TEMPLATE_CHANGES = Set.of(
      // the sidecar keeps serving while the app drains (issue 14, shutdown)
      "+ metadata.annotations.dapr.io/block-shutdown-duration",
      // a rotated Secret rolls the pods (issue 14, rotation)
      "+ metadata.annotations.platform.todo.io/secrets-hash",
      // the Dapr resources below changed, so their digest did
      "~ metadata.annotations.platform.todo.io/dapr-resources-hash",
      // the app token reaches the app (issue 10)
      "+ spec.containers[backend].env[APP_API_TOKEN]",
      // the dead-letter topic (issue 14, poison events)
      "+ spec.containers[backend].env[TOPIC_DEAD_LETTERS]",
      // a startup probe before the JVM's liveness probe, and a grace period that covers the drain (issue 14)
      "+ spec.containers[backend].startupProbe",
      "~ spec.terminationGracePeriodSeconds");
  /** Without spec.dapr.appTokenSecretRef the operator now generates a token, which the sidecar is given. */
  static final Set<String> POD_TEMPLATE_CHANGES_WITHOUT_OWN_TOKEN = Set.of(
      "+ metadata.annotations.dapr.io/app-token-secret");
  /**
   * What the upgrade writes besides the status (and its Events): each child whose content changed, once, and nothing
   * else. The Configuration is applied once only to own spec.metrics, which the release now sets and which Dapr's
   * CRD had defaulted to the same value.
   */
  static final List<String> CHILD_WRITES = List.of("patch components.dapr.io/kafka-pubsub",
      "patch configurations.dapr.io/backend-config", "patch resiliencies.dapr.io/backend-resiliency",
      "patch deployments.apps/backend");

  @Test
  void theNewOperatorAdoptsWhatThePreviousReleaseAppliedAndRollsEachBackendOnceForItsNewPodTemplate() {
    KubernetesClient admin = KUBE.client();
    PreviousRelease release = PreviousRelease.v0_1_0();
    EstablishedCrds.install(admin, release.crd());
    EstablishedCrds.installDaprCrds(admin);
    Map<String, String> uids = release.createPlatforms(admin);
    release.replay(admin, uids);
    for (String ns : uids.keySet()) {
      ClusterFixtures.markDeploymentAvailable(admin, ns, release.appId(admin, ns));
    }
    Map<String, GenericKubernetesResource> before = children(admin, uids.keySet());
    Map<String, GenericKubernetesResource> platformsBefore = platforms(admin, uids.keySet());

    // The upgrade: this release's install (its CRD, RBAC, Deployment), then its operator as that ServiceAccount.
    OperatorReplicas.installClusterWide(admin);
    var identity = OperatorReplicas.serviceAccount(admin, KUBE.server(), "upgraded",
        Environment.outputDir().resolve("upgrade"));
    Instant upgraded = Instant.now();
    try (KubernetesClient asOperator = new KubernetesClientBuilder().withConfig(identity.config()).build();
         OperatorRuntime operator = RunningOperator.start(asOperator, RunningOperator.settings(true))) {
      for (String ns : uids.keySet()) {
        // status.selector is new in this release: its operator has reconciled the platform.
        await().atMost(RunningOperator.TIMEOUT).until(() ->
            PreviousRelease.platform(admin, ns).get("status", "selector") != null);
        awaitCondition(admin, ns, "ComponentsReady", "True");
        // The kubelets roll the pods out (none run here: the test stands in for them).
        ClusterFixtures.markDeploymentAvailable(admin, ns, release.appId(admin, ns));
        awaitCondition(admin, ns, "Ready", "True");
      }
      awaitNoWrites(Duration.ofSeconds(5));
    }
    List<AuditLog.Event> upgradeWrites = operatorWrites(upgraded);
    LOG.info("the upgrade's writes: {}", upgradeWrites.stream()
        .map(e -> e.verb() + " " + e.namespace() + " " + e.kind() + "/" + e.name()).toList());
    Map<String, GenericKubernetesResource> after = children(admin, uids.keySet());

    for (Map.Entry<String, GenericKubernetesResource> entry : before.entrySet()) {
      String child = entry.getKey();
      GenericKubernetesResource old = entry.getValue();
      GenericKubernetesResource now = after.get(child);
      assertThat(now).as(child + " is still there").isNotNull();
      assertThat(now.getMetadata().getLabels()).as(child + " labels").isEqualTo(old.getMetadata().getLabels());
      assertThat(now.getMetadata().getOwnerReferences()).as(child + " owner").isEqualTo(
          old.getMetadata().getOwnerReferences());
      assertThat(managers(now)).as(child + ": the same managers, no new one fighting the operator")
          .isEqualTo(managers(old));
      assertThat(managers(now)).as(child + ": one entry per manager and operation").doesNotHaveDuplicates();
      LOG.info("{}: {}", child, JsonDiff.between(json(old).path("spec"), json(now).path("spec")));
    }
    for (String ns : uids.keySet()) {
      String deployment = ns + " Deployment/" + release.appId(admin, ns);
      JsonNode old = json(before.get(deployment));
      JsonNode now = json(after.get(deployment));
      assertThat(now.at("/spec/selector")).as(deployment + " selector").isEqualTo(old.at("/spec/selector"));
      assertThat(now.at("/spec/template/metadata/labels")).as(deployment + " pod labels")
          .isEqualTo(old.at("/spec/template/metadata/labels"));
      assertThat(now.at("/metadata/generation").asLong()).as(deployment + ": one rollout")
          .isEqualTo(old.at("/metadata/generation").asLong() + 1);
      Set<String> templateChanges = JsonDiff.between(old.at("/spec/template"), now.at("/spec/template"));
      LOG.info("{} pod template: {}", deployment, templateChanges);
      Set<String> expected = new TreeSet<>(POD_TEMPLATE_CHANGES);
      List<String> expectedWrites = new java.util.ArrayList<>(CHILD_WRITES);
      if (ns.endsWith("production")) {
        expectedWrites.add("patch poddisruptionbudgets.policy/backend"); // new for a backend of two replicas
      } else {
        expected.addAll(POD_TEMPLATE_CHANGES_WITHOUT_OWN_TOKEN);
        expectedWrites.add("create secrets/backend-app-token"); // generated, once
      }
      assertThat(templateChanges).as(deployment + " pod template").isEqualTo(expected);
      assertThat(upgradeWrites.stream().filter(e -> ns.equals(e.namespace()))
          .filter(e -> !"todoplatforms".equals(e.resource()) && !"events".equals(e.resource()))
          .map(e -> e.verb() + " " + e.kind() + "/" + e.name()))
          .as(ns + ": the children the upgrade writes, each once").containsExactlyInAnyOrderElementsOf(expectedWrites);
      LOG.info("{} events: {}", ns, admin.v1().events().inNamespace(ns).list().getItems().stream()
          .map(e -> e.getReason() + " " + e.getMessage()).toList());
      ((com.fasterxml.jackson.databind.node.ObjectNode) old.get("spec")).remove("template");
      ((com.fasterxml.jackson.databind.node.ObjectNode) now.get("spec")).remove("template");
      assertThat(JsonDiff.between(old.get("spec"), now.get("spec"))).as(deployment + " outside the pod template")
          .isEmpty();
      String service = ns + " Service/" + release.appId(admin, ns);
      assertThat(json(after.get(service)).at("/spec/selector")).as(service + " selector")
          .isEqualTo(json(before.get(service)).at("/spec/selector"));
    }
    Map<String, GenericKubernetesResource> platformsAfter = platforms(admin, uids.keySet());
    platformsBefore.forEach((ns, old) -> {
      assertThat(platformsAfter.get(ns).getMetadata().getGeneration()).as(ns + ": the spec was left alone")
          .isEqualTo(old.getMetadata().getGeneration());
      assertThat(managers(platformsAfter.get(ns))).as(ns + " TodoPlatform managers").isEqualTo(managers(old));
    });

    // Settled: a restart of the new operator writes nothing at all.
    Instant restarted = Instant.now();
    try (KubernetesClient asOperator = new KubernetesClientBuilder().withConfig(identity.config()).build();
         OperatorRuntime operator = RunningOperator.start(asOperator, RunningOperator.settings(true))) {
      await().atMost(RunningOperator.TIMEOUT).until(() -> operator.registry()
          .find("operator.sdk.reconciliations.success").counters().stream().mapToDouble(c -> c.count()).sum()
          >= uids.size());
      awaitNoWrites(Duration.ofSeconds(5));
    }
    assertThat(operatorWrites(restarted)).as("writes of the operator restarted after the upgrade").isEmpty();
  }

  /** "namespace Kind/name" -> every child the operator labels as its own, in the fixture's namespaces. */
  private static Map<String, GenericKubernetesResource> children(KubernetesClient admin, Set<String> namespaces) {
    Map<String, GenericKubernetesResource> children = new TreeMap<>();
    for (String ns : namespaces) {
      for (String[] kind : CHILD_KINDS) {
        for (GenericKubernetesResource child : admin.genericKubernetesResources(kind[0], kind[1]).inNamespace(ns)
            .withLabel(Constants.LABEL_MANAGED_BY, Constants.MANAGED_BY).list().getItems()) {
          children.put(ns + " " + kind[1] + "/" + child.getMetadata().getName(), child);
        }
      }
    }
    return children;
  }

  private static Map<String, GenericKubernetesResource> platforms(KubernetesClient admin, Set<String> namespaces) {
    return namespaces.stream().collect(Collectors.toMap(ns -> ns, ns -> PreviousRelease.platform(admin, ns)));
  }

  /** manager/operation/subresource of every managedFields entry. */
  private static List<String> managers(GenericKubernetesResource object) {
    return object.getMetadata().getManagedFields().stream()
        .map(UpgradeFromPreviousReleaseKubeApiServerIT::describe).sorted().toList();
  }

  private static String describe(ManagedFieldsEntry entry) {
    return entry.getManager() + "/" + entry.getOperation()
        + (entry.getSubresource() == null ? "" : "/" + entry.getSubresource());
  }

  private static JsonNode json(GenericKubernetesResource object) {
    return JSON.valueToTree(object);
  }

  private static List<AuditLog.Event> operatorWrites(Instant since) {
    return KUBE.server().auditLog().events().stream()
        .filter(e -> OperatorReplicas.USER.equals(e.actingUser()) && !e.received().isBefore(since))
        .filter(e -> !"selfsubjectrulesreviews".equals(e.resource()))
        .toList();
  }

  /** Until the operator has written nothing for a while (the API server renews its own Leases every 10 s). */
  private static void awaitNoWrites(Duration quiet) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(quiet).until(new java.util.concurrent.Callable<>() {
      private int seen = -1;

      @Override
      public Boolean call() {
        int now = operatorWrites(Instant.EPOCH).size();
        boolean settled = now == seen;
        seen = now;
        return settled;
      }
    });
  }

  private static void awaitCondition(KubernetesClient admin, String ns, String type, String status) {
    await().atMost(RunningOperator.TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      GenericKubernetesResource platform = PreviousRelease.platform(admin, ns);
      List<Map<String, Object>> conditions = platform.get("status", "conditions");
      assertThat(conditions).as(ns).isNotNull();
      Number observed = platform.get("status", "observedGeneration");
      assertThat(observed).as(ns + " observedGeneration").isNotNull();
      assertThat(observed.longValue()).as(ns).isEqualTo(platform.getMetadata().getGeneration());
      assertThat(conditions.stream().filter(c -> type.equals(c.get("type"))).map(c -> c.get("status")))
          .as(ns + " " + type + ": " + conditions).containsExactly(status);
    });
  }
}
