package io.todoplatform.operator.upgrade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.OperatorProcess;
import io.todoplatform.operator.support.OperatorReplicas;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.kube.AuditLog;
import io.todoplatform.testkit.kube.KubeApiServer;
import io.todoplatform.testkit.kube.KubeBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Records what the previous release's operator writes, for {@link UpgradeFromPreviousReleaseKubeApiServerIT}: it runs
 * that release's jar (built from its commit by hack/record-upgrade-fixture.sh) on a real kube-apiserver with that
 * release's CRD, lets it reconcile the fixture's TodoPlatforms until Ready, and keeps from the audit log every write
 * request it made, bodies included, in {@value PreviousRelease#WRITES_FILE}. The test replays those requests as they
 * were (same field manager, same bodies), so the API server builds the same objects and managedFields the old
 * operator left behind, without building the old release on every CI run.
 *
 * <p>Arguments: the old jar, the fixture directory (which holds the old CRD, platforms and secrets already).
 */
public final class PreviousReleaseRecorder {
  private PreviousReleaseRecorder() {}

  public static void main(String[] args) throws Exception {
    Path oldJar = Path.of(args[0]).toAbsolutePath();
    Path fixture = Path.of(args[1]).toAbsolutePath();
    PreviousRelease release = PreviousRelease.at(fixture);
    try (KubeApiServer server = new KubeApiServer(KubeBinaries.require(),
        Environment.outputDir().resolve("kube-apiserver").resolve("previous-release-recorder"),
        KubeApiServer.DEFAULT_CONTROLLERS, AuditLog.Level.WRITES_WITH_REQUESTS).start()) {
      KubernetesClient admin = server.client();
      EstablishedCrds.install(admin, release.crd());
      EstablishedCrds.installDaprCrds(admin);
      // The old operator acts as its own user (so the audit log tells its writes apart); its RBAC is not the point.
      ClusterFixtures.namespace(admin, OperatorReplicas.NAMESPACE);
      admin.serviceAccounts().inNamespace(OperatorReplicas.NAMESPACE).resource(new ServiceAccountBuilder()
          .withNewMetadata().withName(OperatorReplicas.SERVICE_ACCOUNT).endMetadata().build()).create();
      admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder()
          .withNewMetadata().withName("previous-release-operator").endMetadata()
          .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
          .withName("cluster-admin").endRoleRef()
          .addNewSubject().withKind("ServiceAccount").withName(OperatorReplicas.SERVICE_ACCOUNT)
          .withNamespace(OperatorReplicas.NAMESPACE).endSubject()
          .build()).create();
      var identity = OperatorReplicas.serviceAccount(admin, server, "previous-release",
          Environment.outputDir().resolve("previous-release-recorder"));
      Map<String, String> uids = release.createPlatforms(admin);

      try (OperatorProcess old = OperatorProcess.start("previous-release", OperatorProcess.Program.jar(oldJar),
          identity, Map.of("LEADER_ELECTION", "false"), List.of())) {
        for (String ns : uids.keySet()) {
          release.awaitCondition(admin, ns, "ComponentsReady");
          ClusterFixtures.markDeploymentAvailable(admin, ns, release.appId(admin, ns));
          release.awaitCondition(admin, ns, "Ready");
        }
        awaitQuiet(server.auditLog(), Duration.ofSeconds(10));
        System.out.println("the previous release is settled; its log: " + old.logFile());
      }

      ArrayNode writes = new ObjectMapper().createArrayNode();
      for (AuditLog.Event event : server.auditLog().events()) {
        if (!OperatorReplicas.USER.equals(event.actingUser()) || !PreviousRelease.REPLAYED.contains(event.resource())
            || !event.succeeded()) {
          continue;
        }
        ObjectNode write = writes.addObject();
        write.put("verb", event.verb());
        write.put("requestURI", event.requestUri());
        write.set("body", event.requestObject().orElseThrow(() ->
            new IllegalStateException("no request body for " + event.requestUri())));
      }
      ObjectNode recording = new ObjectMapper().createObjectNode();
      recording.put("recordedAt", Instant.now().toString());
      recording.set("platformUids", new ObjectMapper().valueToTree(uids));
      recording.set("writes", writes);
      Files.writeString(fixture.resolve(PreviousRelease.WRITES_FILE), new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(recording) + "\n");
      System.out.println("recorded " + writes.size() + " writes in " + fixture.resolve(PreviousRelease.WRITES_FILE));
    }
  }

  /** Until the old operator has written nothing for a while (the API server renews its own Leases every 10 s). */
  private static void awaitQuiet(AuditLog log, Duration quiet) throws InterruptedException {
    long seen = -1;
    while (true) {
      long now = log.events().stream().filter(e -> OperatorReplicas.USER.equals(e.actingUser())).count();
      if (now == seen) {
        return;
      }
      seen = now;
      Thread.sleep(quiet.toMillis());
    }
  }
}
