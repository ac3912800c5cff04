package io.todoplatform.testkit.dapr.kubernetes;

import static io.todoplatform.testkit.dapr.kubernetes.ControlPlaneParts.METRICS_PORT;
import static io.todoplatform.testkit.dapr.kubernetes.ControlPlaneParts.NAMESPACE;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

import java.util.List;

/**
 * The Dapr Scheduler (Jobs API) as the Helm chart deploys it, with one replica instead of three and the chart's
 * {@code cluster.inMemoryStorage} (an emptyDir instead of a PersistentVolumeClaim: this node has no volume
 * provisioner): StatefulSet {@code dapr-scheduler-server} with its embedded etcd, the headless Service of the same
 * name and {@code dapr-scheduler-server-a} (443 -> 50006), which the injector gives every sidecar. Sidecars then
 * connect to the pod addresses the scheduler broadcasts.
 */
final class SchedulerServer {

    static final String NAME = "dapr-scheduler-server";
    private static final String DATA_DIR = "/var/run/data/dapr-scheduler";

    private SchedulerServer() {
    }

    static List<String> args() {
        return List.of(
                "--listen-address=0.0.0.0",
                "--id", "$(SCHEDULER_ID)",
                "--etcd-initial-cluster",
                NAME + "-0=https://" + NAME + "-0." + NAME + "." + NAMESPACE + ".svc.cluster.local:2380",
                "--etcd-embed=true",
                "--log-level", ControlPlaneParts.LOG_LEVEL,
                "--enable-metrics",
                "--metrics-port", String.valueOf(METRICS_PORT),
                "--etcd-client-port", "2379",
                "--etcd-data-dir=" + DATA_DIR + "/" + NAMESPACE + "/$(SCHEDULER_ID)",
                "--etcd-space-quota=9.2E",
                "--etcd-compaction-mode=periodic",
                "--etcd-compaction-retention=10m",
                "--etcd-snapshot-count=10000",
                "--etcd-max-snapshots=10",
                "--etcd-max-wals=10",
                "--etcd-backend-batch-limit=5000",
                "--etcd-backend-batch-interval=50ms",
                "--etcd-experimental-bootstrap-defrag-threshold-megabytes=100",
                "--etcd-initial-election-tick-advance=false",
                "--etcd-metrics=basic",
                "--tls-enabled",
                "--trust-domain=" + ControlPlaneParts.TRUST_DOMAIN,
                "--trust-anchors-file=" + ControlPlaneParts.TRUST_ANCHORS_DIR + "/ca.crt",
                "--sentry-address=" + ControlPlaneParts.SENTRY_ADDRESS,
                "--mode=kubernetes",
                "--workers=2048");
    }

    static List<HasMetadata> manifests(String image) {
        return List.of(
                new StatefulSetBuilder()
                        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).addToLabels("app", NAME).endMetadata()
                        .withNewSpec().withReplicas(1).withServiceName(NAME).withPodManagementPolicy("Parallel")
                        .withNewSelector().addToMatchLabels("app", NAME).endSelector()
                        .withNewTemplate()
                        .withNewMetadata().addToLabels("app", NAME)
                        .addToAnnotations("dapr.io/control-plane", "scheduler").endMetadata()
                        .withNewSpec().withServiceAccountName("dapr-scheduler")
                        .withNewSecurityContext().withFsGroup(65532L).endSecurityContext()
                        .addNewContainer().withName(NAME).withImage(image)
                        .withCommand("/scheduler").withArgs(args())
                        .withEnv(ControlPlaneParts.fieldRef("SCHEDULER_ID", "metadata.name"),
                                ControlPlaneParts.fieldRef("NAMESPACE", "metadata.namespace"),
                                ControlPlaneParts.fieldRef("POD_IP", "status.podIP"))
                        .addNewPort().withContainerPort(50006).endPort()
                        .addNewPort().withName("etcd-client").withContainerPort(2379).endPort()
                        .addNewPort().withName("etcd-peer").withContainerPort(2380).endPort()
                        .addNewPort().withName("metrics").withContainerPort(METRICS_PORT).withProtocol("TCP").endPort()
                        .addNewVolumeMount().withName("dapr-scheduler-data-dir").withMountPath(DATA_DIR + "/")
                        .withReadOnly(false).endVolumeMount()
                        .addNewVolumeMount().withName("dapr-scheduler-writeable-identity").withMountPath("/tmp")
                        .endVolumeMount()
                        .addToVolumeMounts(ControlPlaneParts.trustBundleMount(), ControlPlaneParts.identityTokenMount())
                        .withSecurityContext(ControlPlaneParts.securityContext())
                        .withReadinessProbe(ControlPlaneParts.healthz(3))
                        .withLivenessProbe(ControlPlaneParts.healthz(10))
                        .endContainer()
                        .addNewVolume().withName("dapr-scheduler-data-dir").withNewEmptyDir().withMedium("Memory")
                        .endEmptyDir().endVolume()
                        .addNewVolume().withName("dapr-scheduler-writeable-identity").withNewEmptyDir().endEmptyDir()
                        .endVolume()
                        .addToVolumes(ControlPlaneParts.trustBundleVolume(), ControlPlaneParts.identityTokenVolume())
                        .endSpec().endTemplate().endSpec().build(),
                new ServiceBuilder()
                        .withNewMetadata().withName(NAME + "-a").withNamespace(NAMESPACE).addToLabels("app", NAME)
                        .endMetadata()
                        .withNewSpec().addToSelector("app", NAME).withPublishNotReadyAddresses(true).withType("ClusterIP")
                        .addNewPort().withName("api").withPort(443).withTargetPort(new IntOrString(50006)).endPort()
                        .addNewPort().withName("etcd-client").withPort(2379).endPort()
                        .addNewPort().withName("etcd-peer").withPort(2380).endPort()
                        .addNewPort().withName("metrics").withPort(METRICS_PORT).withTargetPort(new IntOrString(METRICS_PORT))
                        .withProtocol("TCP").endPort()
                        .endSpec().build(),
                new ServiceBuilder()
                        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).addToLabels("app", NAME).endMetadata()
                        .withNewSpec().addToSelector("app", NAME).withPublishNotReadyAddresses(true).withClusterIP("None")
                        .addNewPort().withName("api").withPort(50006).endPort()
                        .addNewPort().withName("etcd-client").withPort(2379).endPort()
                        .addNewPort().withName("etcd-peer").withPort(2380).endPort()
                        .addNewPort().withName("metrics").withPort(METRICS_PORT).withTargetPort(new IntOrString(METRICS_PORT))
                        .withProtocol("TCP").endPort()
                        .endSpec().build());
    }
}
