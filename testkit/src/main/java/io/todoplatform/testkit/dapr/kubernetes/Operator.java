package io.todoplatform.testkit.dapr.kubernetes;

import static io.todoplatform.testkit.dapr.kubernetes.ControlPlaneParts.METRICS_PORT;
import static io.todoplatform.testkit.dapr.kubernetes.ControlPlaneParts.NAMESPACE;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.util.List;

/**
 * The Dapr operator as the Helm chart deploys it: Deployment {@code dapr-operator}, Services {@code dapr-api}
 * (443 and 80 -> 6500, where Kubernetes-mode daprd fetches its Components, Configuration and Resiliencies, with
 * secretKeyRefs resolved from Secrets) and {@code dapr-webhook} (443 -> 19443, the Subscription conversion
 * webhook). It also creates the {@code <app-id>-dapr} Service of every Dapr-enabled Deployment.
 */
final class Operator {

    static final String NAME = "dapr-operator";

    private Operator() {
    }

    static List<String> args() {
        return List.of(
                "--watch-interval", "0",
                "--max-pod-restarts-per-minute", "20",
                "--log-level", ControlPlaneParts.LOG_LEVEL,
                "--trust-anchors-file", ControlPlaneParts.TRUST_ANCHORS_DIR + "/ca.crt",
                "--enable-metrics",
                "--metrics-port", String.valueOf(METRICS_PORT));
    }

    static List<HasMetadata> manifests(String image) {
        return List.of(
                new DeploymentBuilder()
                        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).addToLabels("app", NAME).endMetadata()
                        .withNewSpec().withReplicas(1)
                        .withNewSelector().addToMatchLabels("app", NAME).endSelector()
                        .withNewTemplate()
                        .withNewMetadata().addToLabels("app", NAME)
                        .addToAnnotations("dapr.io/control-plane", "operator").endMetadata()
                        .withNewSpec().withServiceAccountName(NAME)
                        .addNewContainer().withName(NAME).withImage(image)
                        .withCommand("/operator").withArgs(args())
                        .withEnv(ControlPlaneParts.fieldRef("NAMESPACE", "metadata.namespace"))
                        .addNewPort().withContainerPort(6500).endPort()
                        .addNewPort().withName("metrics").withContainerPort(METRICS_PORT).withProtocol("TCP").endPort()
                        .addNewPort().withName("webhook").withContainerPort(19443).withProtocol("TCP").endPort()
                        .withVolumeMounts(ControlPlaneParts.trustBundleMount(), ControlPlaneParts.identityTokenMount())
                        .addNewVolumeMount().withName("dapr-operator-tmp").withMountPath("/tmp").endVolumeMount()
                        .withSecurityContext(ControlPlaneParts.securityContext())
                        .withReadinessProbe(ControlPlaneParts.healthz(3))
                        .withLivenessProbe(ControlPlaneParts.healthz(3))
                        .endContainer()
                        .addNewVolume().withName("dapr-operator-tmp").withNewEmptyDir().withMedium("Memory")
                        .endEmptyDir().endVolume()
                        .addToVolumes(ControlPlaneParts.trustBundleVolume(), ControlPlaneParts.identityTokenVolume())
                        .endSpec().endTemplate().endSpec().build(),
                new ServiceBuilder()
                        .withNewMetadata().withName("dapr-api").withNamespace(NAMESPACE).endMetadata()
                        .withNewSpec().addToSelector("app", NAME).withType("ClusterIP")
                        .addNewPort().withName("grpc").withProtocol("TCP").withPort(443)
                        .withTargetPort(new IntOrString(6500)).endPort()
                        .addNewPort().withName("legacy").withProtocol("TCP").withPort(80)
                        .withTargetPort(new IntOrString(6500)).endPort()
                        .addNewPort().withName("metrics").withProtocol("TCP").withPort(METRICS_PORT)
                        .withTargetPort(new IntOrString(METRICS_PORT)).endPort()
                        .endSpec().build(),
                new ServiceBuilder()
                        .withNewMetadata().withName("dapr-webhook").withNamespace(NAMESPACE).endMetadata()
                        .withNewSpec().addToSelector("app", NAME).withType("ClusterIP")
                        .addNewPort().withProtocol("TCP").withPort(443).withTargetPort(new IntOrString(19443)).endPort()
                        .endSpec().build());
    }
}
